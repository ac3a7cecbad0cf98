export const CREDIT_PROPOSAL_ID_DESCRIPTION = "The proposal: `<clientId>.<n>`, the client's n-th credit proposal.";
