import { CodeField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class ManagerBranchChangedV1Data {
  @CodeField({ description: 'The branch the manager left.' })
  from!: string;

  @CodeField({ description: 'The branch the manager works in now.' })
  to!: string;
}

export const managerBranchChangedV1 = defineContract({
  eventType: 'ManagerBranchChanged',
  description:
    'A manager (the subject) moved to another branch; the clients they cover stay in theirs. The reason is free text and not published.',
  dataClass: ManagerBranchChangedV1Data,
  toData: (data) => ({ from: data.from, to: data.to }),
});
