import { dataschemaOf } from '../integration-type';
import { INBOUND_TYPE_PATTERN, producerOf, type InboundProducer } from './inbound-patterns';

/** A fact type the CRM receives: its name, who sends it, and the class that validates its data. */
export type InboundFactContract = Readonly<{
  type: string;
  producer: InboundProducer;
  dataschema: string;
  description: string;
  dataClass: new () => object;
}>;

export const defineInboundFact = (
  spec: Readonly<{ type: string; description: string; dataClass: new () => object }>,
): InboundFactContract => {
  const producer = producerOf(spec.type);
  if (!INBOUND_TYPE_PATTERN.test(spec.type) || producer === undefined) {
    throw new Error(`${spec.type} is not a fact type name (bank.core|survey.<Fact>.v<n>)`);
  }
  return {
    type: spec.type,
    producer: producer as InboundProducer,
    dataschema: dataschemaOf(spec.type),
    description: spec.description,
    dataClass: spec.dataClass,
  };
};
