import { IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class TaskCompletedV1Data {
  @IdField({ description: 'The task that was completed.' })
  taskId!: string;

  @InstantField({ description: 'When it was completed.' })
  completedAt!: string;
}

export const taskCompletedV1 = defineContract({
  eventType: 'TaskCompleted',
  description: "A task about the client was completed and left its assignee's agenda.",
  dataClass: TaskCompletedV1Data,
  toData: (data) => ({ taskId: data.taskId, completedAt: data.completedAt }),
});
