import { TextField } from '@crm/api-kit';

export class CommentOnRiskCaseRequestDto {
  @TextField(4000, {
    example: 'Met the CFO: the utilisation spike is a one-off supplier prepayment.',
    description: "The comment; personal data, encrypted with the client's key and erased with the client",
  })
  text!: string;
}
