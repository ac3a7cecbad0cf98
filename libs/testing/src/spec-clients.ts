import type { ClientEvent } from '@crm/domain';

/**
 * Registered clients for specs, each spec with its own `tag` (two hex digits) so their ids
 * never meet: `Client <tag> <n>`, registration number `REG-<tag>-<n>`, in branch BR-1.
 */
export const specClients = (tag: string) => {
  const clientId = (n: number): string => `0190a4c2-0000-7000-8000-0000000${tag}${String(n).padStart(3, '0')}`;
  const registered = (n: number): ClientEvent => ({
    type: 'ProspectRegistered',
    data: {
      clientId: clientId(n),
      branchId: 'BR-1',
      segment: 'corporate',
      industry: 'manufacturing',
      legalName: `Client ${tag} ${n}`,
      registrationNo: `REG-${tag}-${n}`,
      contact: { phone: `+86 ${n}` },
      source: 'branch',
    },
  });
  return { clientId, registered };
};
