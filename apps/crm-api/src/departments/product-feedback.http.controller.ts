import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CodeParam } from '@crm/api-kit';
import { FeedbackQueries, type ProductFeedback } from '@crm/read-models';
import { ApiReadResponse } from '../openapi/api-read-response';
import { MinPositionQueryDto } from '../queries/min-position.query.dto';
import { ReadYourWrites } from '../queries/read-your-writes';

/** Which products collect the most feedback, and about what. */
@ApiTags('departments')
@ApiBearerAuth()
@Controller('products')
export class ProductFeedbackController {
  constructor(
    private readonly feedback: FeedbackQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @ApiOperation({
    summary: "A product's feedback, counted by theme and status",
    description:
      "The feedback forwarded about the product (`productCode` on the forwarding), every department and branch: the `total`, counts per theme (every theme present; `unrecorded` for feedback forwarded without one) and per status in the departments' queues. Counts only, no client, so not recorded in the read audit. A product nobody gave feedback about has every count 0. Feedback forwarded before the upgrade counts once `npm run projections:rebuild` has run. `minPosition` reads your writes. Roles: branch_head, risk_officer, admin, product_department.",
  })
  @ApiReadResponse('ProductFeedback', 'The product’s feedback counts')
  @Access('product.feedback', { param: 'code' })
  @Get(':code/feedback')
  async counts(
    @Param('code', new CodeParam('code')) productCode: string,
    @Query() query: MinPositionQueryDto,
  ): Promise<ProductFeedback> {
    await this.readYourWrites.reach(query.minPosition);
    return this.feedback.product(productCode);
  }
}
