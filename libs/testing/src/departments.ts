import { parseDepartments, type DepartmentDirectory } from '@crm/domain';

/**
 * config/departments.yaml as shipped, in the shape of the file: the three departments feedback
 * went to before departments were configured, credit approval, operations and two product
 * departments. The platform's loader spec checks the file says the same.
 */
export const SHIPPED_DEPARTMENTS_FILE = {
  departments: [
    { id: 'product', name: 'Product management', kind: 'product' },
    { id: 'risk', name: 'Risk management', kind: 'risk' },
    { id: 'service', name: 'Client service', kind: 'service' },
    { id: 'credit-approval', name: 'Credit approval', kind: 'credit' },
    { id: 'operations', name: 'Operations', kind: 'operations' },
    { id: 'cards', name: 'Cards', kind: 'product' },
    { id: 'wealth-management', name: 'Wealth management', kind: 'product' },
  ],
};

/** The shipped departments, for specs of commands that name one. */
export const shippedDepartments = (): DepartmentDirectory => parseDepartments(SHIPPED_DEPARTMENTS_FILE);
