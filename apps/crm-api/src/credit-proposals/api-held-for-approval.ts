import { ApiResponse } from '@nestjs/swagger';
import { ref } from '../openapi/schemas/schema-kit';

/** The 202 of a credit route whose change the maker–checker policy holds for approval. */
export const ApiHeldForApproval = () =>
  ApiResponse({
    status: 202,
    description:
      "Held for approval (maker–checker, docs/security.md): nothing of the client changed yet; a risk officer approves or rejects `proposalId` at /v1/credit-proposals/{id}/approval|rejection. Relationship managers' rating, classification, arrear and flag clearances, and limit raises.",
    schema: ref('CreditChangeHeld'),
  });
