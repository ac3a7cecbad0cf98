import { OPPORTUNITY_STAGES, type OpportunityStage } from '@crm/domain';
import { EnumField } from '@crm/api-kit';

export class ChangeOpportunityStageRequestDto {
  @EnumField(OPPORTUNITY_STAGES)
  stage!: OpportunityStage;
}
