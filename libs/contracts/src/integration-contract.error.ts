/**
 * A stored event that cannot be published under its contract (missing field, malformed id, a
 * client event outside a client stream). The relay should treat it as a poison event; the errors
 * name fields and rules only, so the error is safe to log.
 */
export class IntegrationContractError extends Error {
  constructor(
    readonly integrationType: string,
    readonly errors: readonly string[],
  ) {
    super(`event does not satisfy ${integrationType}: ${errors.join('; ')}`);
    this.name = 'IntegrationContractError';
  }
}
