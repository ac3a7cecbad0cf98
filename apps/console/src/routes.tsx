import { NotFound } from './components';
import type { Route } from './router';
import { Portfolio } from './pages/portfolio';
import { ClientSearch } from './pages/client-search';
import { ClientPage } from './pages/client-page';
import { AlertQueue } from './pages/alert-queue';
import { RiskCasePage } from './pages/risk-case';
import { Approvals } from './pages/approvals';
import { BranchDashboard } from './pages/branch-dashboard';
import { DataProtection } from './pages/data-protection';

/** The console's pages by their first path segment; anything else is the not-found page. */
export const Routes = ({ route }: { route: Route }) => {
  const [first, second, third] = route.segments;
  switch (first) {
    case 'portfolio':
      return <Portfolio managerId={second ?? null} />;
    case 'clients':
      return second === undefined ? <ClientSearch /> : <ClientPage clientId={second} asOf={route.query.get('asOf')} />;
    case 'alerts':
      return <AlertQueue />;
    case 'cases':
      return second === undefined ? <NotFound /> : <RiskCasePage caseId={second} />;
    case 'approvals':
      return <Approvals />;
    case 'branch':
      return <BranchDashboard branchId={second ?? null} />;
    case 'dpo':
      return <DataProtection clientId={second === 'clients' ? (third ?? null) : null} />;
    default:
      return <NotFound />;
  }
};
