import { CodeField, IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class TaskCreatedV1Data {
  @IdField({ description: 'Id of the task; TaskCompleted refers to it.' })
  taskId!: string;

  @CodeField({ description: 'Manager who is to do the task.' })
  assigneeId!: string;

  @InstantField({ description: 'When the task is due (in the future when it was created).' })
  due!: string;
}

export const taskCreatedV1 = defineContract({
  eventType: 'TaskCreated',
  description:
    "A task about the client was created for a manager; it stays on that manager's agenda until completed (TaskCompleted). The title is personal data and not published.",
  dataClass: TaskCreatedV1Data,
  toData: (data) => ({ taskId: data.taskId, assigneeId: data.assigneeId, due: data.due }),
});
