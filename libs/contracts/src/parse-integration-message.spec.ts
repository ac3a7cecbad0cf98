import { sampleEventOf } from '../generator/sample-events';
import { MAX_MESSAGE_BYTES, parseIntegrationMessage, toIntegrationMessage, type ParseResult } from './index';

const valid = (): Record<string, unknown> => {
  const message = toIntegrationMessage(sampleEventOf('ContactLogged'));
  if (message === null) throw new Error('ContactLogged is not published');
  return JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
};

const withEnvelope = (changes: Record<string, unknown>): Record<string, unknown> => ({ ...valid(), ...changes });
const withData = (changes: Record<string, unknown>): Record<string, unknown> => {
  const message = valid();
  return { ...message, data: { ...(message.data as Record<string, unknown>), ...changes } };
};
const without = (field: string): Record<string, unknown> => {
  const { [field]: _dropped, ...rest } = valid();
  return rest;
};
const withoutData = (field: string): Record<string, unknown> => {
  const message = valid();
  const { [field]: _dropped, ...data } = message.data as Record<string, unknown>;
  return { ...message, data };
};

const errorsOf = (result: ParseResult): string[] => {
  if (result.ok) throw new Error('expected the message to be refused');
  return result.errors;
};

/** Every refusal is checked for these: hostile or personal values must never come back in errors. */
const HOSTILE = 'Hostile Qwzx <script>alert(1)</script> +86 138 0000 4242';

const expectRefused = (raw: unknown, ...mentions: string[]): string[] => {
  const errors = errorsOf(parseIntegrationMessage(raw));
  expect(errors.length).toBeGreaterThan(0);
  for (const mention of mentions) expect(errors.join('\n')).toContain(mention);
  for (const error of errors) {
    expect(error).not.toContain('Qwzx');
    expect(error).not.toContain('4242');
  }
  return errors;
};

describe('parseIntegrationMessage', () => {
  it('accepts a valid message as bytes, text or a parsed value', () => {
    const message = valid();
    for (const raw of [Buffer.from(JSON.stringify(message)), JSON.stringify(message), message]) {
      expect(parseIntegrationMessage(raw)).toEqual({ ok: true, message });
    }
  });

  it('returns a detached copy, so later changes to the input do not reach it', () => {
    const input = valid();
    const result = parseIntegrationMessage(input);
    (input.data as Record<string, unknown>).channel = 'call';
    expect(result.ok && result.message.data.channel).toBe('visit');
  });

  describe('refuses', () => {
    it('an unknown type, without repeating it', () => {
      expectRefused(withEnvelope({ type: 'bank.crm.QwzxSecret4242.v1' }), 'type is not a known message type');
      expectRefused(withEnvelope({ type: HOSTILE }), 'type must look like bank.crm.<EventName>.v<n>');
      expectRefused(withEnvelope({ type: 'bank.crm.ContactLogged.v2' }), 'type is not a known message type');
    });

    it('a missing envelope attribute or data field', () => {
      expectRefused(without('time'), 'time must be an ISO-8601 timestamp');
      expectRefused(without('data'), 'data must be a JSON object');
      expectRefused(without('type'), 'type ');
      expectRefused(withoutData('channel'), 'data.channel must be one of visit, call, meeting, email, event');
    });

    it('an extra envelope attribute, naming it but not its value', () => {
      expectRefused(withEnvelope({ legalName: HOSTILE }), 'legalName is not part of the contract');
    });

    it('an extra property in data, so personal data cannot ride along', () => {
      expectRefused(withData({ summary: HOSTILE }), 'data.summary is not part of the contract');
      expectRefused(withData({ contact: { phone: HOSTILE } }), 'data.contact is not part of the contract');
    });

    it('a property whose very name is hostile, without echoing the name', () => {
      const errors = expectRefused(withData({ [HOSTILE]: 1 }), 'data.<unnamed> is not part of the contract');
      expect(errors.join('\n')).not.toContain('script');
    });

    it('a __proto__ key, without touching any prototype', () => {
      const text = JSON.stringify(valid()).replace('"data":{', '"data":{"__proto__":{"polluted":"Qwzx"},');
      expectRefused(text, 'data.__proto__ is not part of the contract');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('names of Object.prototype members, which class-validator alone lets through its whitelist', () => {
      for (const name of ['constructor', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__']) {
        expectRefused(withData({ [name]: HOSTILE }), `data.${name} is not part of the contract`);
        expectRefused(withEnvelope({ [name]: HOSTILE }), `${name} is not part of the contract`);
      }
    });

    it('a value off its enum', () => {
      expectRefused(withData({ channel: HOSTILE }), 'data.channel must be one of');
      expectRefused(withData({ purpose: 'Qwzx' }), 'data.purpose must be one of');
    });

    it('wrong types and shapes, never coercing', () => {
      expectRefused(withEnvelope({ streamrevision: '5' }), 'streamrevision must be an integer');
      expectRefused(withEnvelope({ streamrevision: -1 }), 'streamrevision must be at least 0');
      expectRefused(
        withEnvelope({ globalposition: 1300 }),
        'globalposition must be a non-negative integer as a decimal string',
      );
      expectRefused(withEnvelope({ specversion: '0.3' }), 'specversion must be 1.0');
      expectRefused(withEnvelope({ datacontenttype: 'text/plain' }), 'datacontenttype must be application/json');
      expectRefused(withEnvelope({ subject: HOSTILE }), 'subject must be an id');
      expectRefused(withEnvelope({ time: '10/03/2025 4242' }), 'time must be an ISO-8601 timestamp');
      expectRefused(withData({ occurredAt: '2025-03-10T06:30:00' }), 'data.occurredAt must be an ISO-8601 timestamp');
      expectRefused(withData({ followUpDue: null }), 'data.followUpDue must be an ISO-8601 timestamp');
      expectRefused(withData({ contactId: 4242 }), 'data.contactId must be an id');
    });

    it('amounts that are numbers instead of decimal strings', () => {
      const message = toIntegrationMessage(sampleEventOf('CreditLimitSet'));
      expectRefused(
        { ...message, data: { ...message?.data, limit: 4242.5 } },
        'data.limit must be a non-negative decimal string',
      );
      expectRefused(
        { ...message, data: { ...message?.data, limit: '-4242' } },
        'data.limit must be a non-negative decimal string',
      );
    });

    it('a dataschema that is not the schema of the type', () => {
      const other = 'https://schemas.crm.bank.example/bank.crm.CreditLimitSet.v1.json';
      expectRefused(withEnvelope({ dataschema: other }), 'dataschema must be the schema URI of the message type');
      expectRefused(
        withEnvelope({ dataschema: `https://evil.example/${HOSTILE}` }),
        'dataschema must be the schema URI of a message type',
      );
    });

    it('an alert message carrying what it must not: the officer, the note, a reopen reason', () => {
      const alert = JSON.parse(JSON.stringify(toIntegrationMessage(sampleEventOf('AlertResolved')))) as Record<
        string,
        unknown
      >;
      const data = alert.data as Record<string, unknown>;
      expectRefused({ ...alert, data: { ...data, note: HOSTILE } }, 'data.note is not part of the contract');
      expectRefused(
        { ...alert, data: { ...data, resolvedBy: HOSTILE } },
        'data.resolvedBy is not part of the contract',
      );
      expectRefused(
        { ...alert, data: { ...data, outcome: HOSTILE } },
        'data.outcome must be one of actioned, false_positive, reclassified',
      );
      const reopened = JSON.parse(JSON.stringify(toIntegrationMessage(sampleEventOf('AlertReopened')))) as Record<
        string,
        unknown
      >;
      expectRefused(
        { ...reopened, data: { ...(reopened.data as object), reason: HOSTILE } },
        'data.reason is not part of the contract',
      );
    });

    it('an alert message with a malformed alert id or evidence, without echoing them', () => {
      const raised = JSON.parse(JSON.stringify(toIntegrationMessage(sampleEventOf('AlertRaised')))) as Record<
        string,
        unknown
      >;
      const data = raised.data as Record<string, unknown>;
      expectRefused({ ...raised, data: { ...data, alertId: HOSTILE } }, 'data.alertId must be an alert id');
      expectRefused({ ...raised, data: { ...data, alertId: 'A'.repeat(129) } }, 'data.alertId must be an alert id');
      expectRefused({ ...raised, data: { ...data, evidence: [HOSTILE] } }, 'data.evidence items must be event ids');
      expectRefused(
        { ...raised, data: { ...data, reason: `${HOSTILE}${'x'.repeat(500)}` } },
        'data.reason must be at most 500 characters',
      );
    });

    it('data of another type', () => {
      const limit = toIntegrationMessage(sampleEventOf('CreditLimitSet'));
      expectRefused(
        withEnvelope({ data: limit?.data }),
        'data.facilityId is not part of the contract',
        'data.contactId must be an id',
      );
    });

    it('text that is not JSON, without quoting it', () => {
      for (const raw of [`{"type": "${HOSTILE}"`, HOSTILE, '', Buffer.from([0xff, 0xfe, 0x51, 0x77, 0x7a, 0x78])]) {
        expect(expectRefused(raw)).toEqual(['message is not valid JSON']);
      }
    });

    it('JSON that is not an object', () => {
      for (const raw of ['[]', 'null', '42', '"Qwzx"', [], null, undefined, 4242]) {
        expect(expectRefused(raw)).toEqual(['message must be a JSON object']);
      }
    });

    it('a value that cannot be JSON', () => {
      const cyclic: Record<string, unknown> = valid();
      cyclic.self = cyclic;
      expect(expectRefused(cyclic)).toEqual(['message is not JSON-compatible']);
      expect(expectRefused({ ...valid(), streamrevision: 5n })).toEqual(['message is not JSON-compatible']);
    });

    it('anything larger than 1 MiB, before parsing it', () => {
      const padding = 'Q'.repeat(MAX_MESSAGE_BYTES);
      const big = withData({ padding });
      const tooLarge = `message is larger than ${MAX_MESSAGE_BYTES} bytes`;
      expect(expectRefused(JSON.stringify(big))).toEqual([tooLarge]);
      expect(expectRefused(Buffer.from(JSON.stringify(big)))).toEqual([tooLarge]);
      expect(expectRefused(big)).toEqual([tooLarge]);
      // Multi-byte characters count as bytes, not as UTF-16 units.
      expect(expectRefused(`"${'é'.repeat(MAX_MESSAGE_BYTES / 2)}"`)).toEqual([tooLarge]);
    });
  });
});
