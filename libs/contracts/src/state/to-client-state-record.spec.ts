import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { RECORDED_CONTEXT, SAMPLE_EVENTS, sampleEventOf } from '../../generator/sample-events';
import { toClientStateRecord } from './to-client-state-record';

const schema = JSON.parse(
  readFileSync(join(__dirname, '../../../../docs/schemas/bank.crm.ClientState.v1.json'), 'utf8'),
) as object;
const valid = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

const recorded = RECORDED_CONTEXT;

describe('the client-state record of an event', () => {
  const logged = { ...sampleEventOf('ContactLogged'), context: recorded };

  it('is the client’s state after it, keyed by client, at the event’s revision and position', () => {
    expect(toClientStateRecord(logged)).toEqual({
      clientId: logged.streamId.slice('client-'.length),
      value: {
        clientId: logged.streamId.slice('client-'.length),
        status: 'client',
        branchId: 'BR-SH-002',
        segment: 'sme',
        tier: 'key',
        managerId: 'M-7',
        rating: 'BBB',
        classification: 'normal',
        streamrevision: logged.revision,
        globalposition: logged.position.toString(),
        recordedat: logged.recordedAt,
      },
    });
  });

  it('satisfies the published schema for every sample client event', () => {
    const records = SAMPLE_EVENTS.map(toClientStateRecord).filter((record) => record?.value != null);
    expect(records.length).toBeGreaterThan(10);
    for (const record of records)
      expect([record?.clientId, valid(record?.value) ? [] : valid.errors]).toEqual([record?.clientId, []]);
  });

  it('is a tombstone once the client’s personal data was erased', () => {
    expect(toClientStateRecord({ ...logged, context: { ...recorded, erased: true } })).toEqual({
      clientId: logged.streamId.slice('client-'.length),
      value: null,
    });
    expect(toClientStateRecord(sampleEventOf('PersonalDataErased'))?.value).toBeNull();
  });

  it('is nothing for manager and alert events, or for client events recorded without a context', () => {
    const { context: _context, ...bare } = logged;
    expect(toClientStateRecord(bare)).toBeNull();
    expect(toClientStateRecord({ ...sampleEventOf('ManagerRegistered'), context: recorded })).toBeNull();
    expect(toClientStateRecord({ ...sampleEventOf('AlertRaised'), context: recorded })).toBeNull();
  });

  it('is refused when the recorded context breaks the contract, naming the field and not the value', () => {
    expect(() => toClientStateRecord({ ...logged, context: { ...recorded, tier: 'gold' } })).toThrow(
      /tier must be null or one of/,
    );
    expect(() => toClientStateRecord({ ...logged, context: { ...recorded, branchId: 'BR SH' } })).toThrow(/branchId/);
    expect(() => toClientStateRecord({ ...logged, context: { ...recorded, branchId: 'BR SH' } })).not.toThrow(/BR SH/);
  });
});
