import type { ApiClient } from '@crm/testing';

/** What every write answers. */
export type Write = { id: string; revision: number; position: string } & Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the view's shape is exactly what the erasure tests check
export type View = Record<string, any>;

/** The body, once the status is the expected one (a mismatch shows both). */
export const expectStatus = <T>(response: { status: number; body: T }, status: number): T => {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: expect.anything() });
  return response.body;
};

export const viewAt = async (api: ApiClient, clientId: string, position: string): Promise<View> =>
  expectStatus(await api.get<View>(`/v1/clients/${clientId}?minPosition=${position}`), 200);

/** A client to erase: its personal data, and where its credit history goes. */
export type ErasureClient = Readonly<{
  branchId: string;
  managerId: string;
  facilityId: string;
  industry: string;
  legalName: string;
  registrationNo: string;
  phone: string;
  email: string;
  referredBy: string;
}>;

/**
 * The erasure tests' client: registered by the branch head with every personal field of the
 * profile, converted, covered by a senior manager (made by the admin unless it exists), rated BBB
 * and given a 5,000,000 CNY facility: the credit history an erasure must keep. Answers its id.
 */
export const registerErasureClient = async (
  admin: ApiClient,
  branchHead: ApiClient,
  client: ErasureClient,
): Promise<string> => {
  const manager = await admin.post('/v1/managers', {
    managerId: client.managerId,
    name: 'Erasure Test Manager',
    branchId: client.branchId,
    level: 'senior',
  });
  expect([201, 409]).toContain(manager.status);
  const registered = expectStatus(
    await branchHead.post<Write>('/v1/clients', {
      branchId: client.branchId,
      segment: 'corporate',
      industry: client.industry,
      legalName: client.legalName,
      registrationNo: client.registrationNo,
      contact: { phone: client.phone, email: client.email },
      source: 'referral',
      referredBy: client.referredBy,
    }),
    201,
  );
  const clientId = registered.id;
  expectStatus(await branchHead.post(`/v1/clients/${clientId}/conversion`, {}), 200);
  expectStatus(
    await branchHead.put(`/v1/clients/${clientId}/manager`, { managerId: client.managerId, reason: 'coverage' }),
    200,
  );
  expectStatus(
    await branchHead.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'BBB', reason: 'annual review' }),
    200,
  );
  expectStatus(
    await branchHead.put(`/v1/clients/${clientId}/facilities/${client.facilityId}`, {
      limit: '5000000.00',
      currency: 'CNY',
    }),
    200,
  );
  return clientId;
};
