import { useMe } from '../../hooks/dashboard.js';
import { useImpersonation } from '../../provider/provider.js';
import { Panel } from '../../ui/states.js';

/**
 * While a global admin impersonates a tenant, says so loudly on every page it is placed on, so nobody edits a
 * customer's settings thinking they are their own. Renders nothing otherwise.
 */
export function ImpersonationBanner() {
  const { tenantId, stop } = useImpersonation();
  const me = useMe();
  if (!tenantId) return null;
  // Until /api/me answers for the impersonated view, the id is all there is to name the tenant by.
  const tenant = me.data?.tenant?.id === tenantId ? me.data.tenant : null;
  const problem = me.data?.tenantProblem?.reason ?? me.error?.message;
  return (
    <Panel
      title="Impersonation"
      className="nv-impersonation-banner"
      actions={
        <button type="button" className="nv-button nv-impersonation-banner__stop" onClick={stop}>
          Stop impersonating
        </button>
      }
    >
      <p className="nv-impersonation-banner__message">
        You are viewing <strong>{tenant ? tenant.name : `tenant ${tenantId}`}</strong> as a global admin. Every change
        is audited.
      </p>
      {problem ? <p className="nv-impersonation-banner__problem">{problem}</p> : null}
    </Panel>
  );
}
