import { ErrorMessage, ImpersonationBanner, useMe } from '@nuvatra/react';
import type { ReactNode } from 'react';
import { GoogleCallback, googleCallbackKind } from '../screens/google-callback.js';
import { useHashRoute } from './hash-route.js';
import { Navigation } from './navigation.js';
import { ScreenContent } from './screen-content.js';
import { findScreen, type Screen, screens } from './screens.js';

/** The signed-in frame: header with the business and the account, the impersonation banner, navigation, screen. */
export function Layout({ account }: { account: ReactNode }) {
  const me = useMe();
  const [route, navigate] = useHashRoute();
  const isAdmin = me.data?.user.isGlobalAdmin ?? false;
  const tenant = me.data?.tenant ?? null;
  const available = screens.filter((screen) => screen.id !== 'admin' || isAdmin);
  // With no screen in the URL: the business's calls, or for an operator without one, the tenants.
  const fallback = tenant || !isAdmin ? 'calls' : 'admin';
  // Google's redirect back is a path (a redirect URI takes no #fragment), shown on the Integrations screen.
  const callback = route.screen === '' ? googleCallbackKind(window.location.pathname) : null;
  const screen: Screen =
    (callback ? findScreen('integrations') : undefined) ??
    available.find((s) => s.id === route.screen) ??
    findScreen(fallback) ??
    screens[0];

  return (
    <div className="app-shell">
      <header className="app-header">
        <span className="app-brand">Nuvatra</span>
        <span className="app-tenant">
          {tenant ? tenant.name : me.isPending ? '' : isAdmin ? 'Operator: every business' : 'No business'}
        </span>
        <div className="app-account">{account}</div>
      </header>
      <ImpersonationBanner />
      <div className="app-body">
        <Navigation screens={available} current={screen.id} />
        <main className="app-main">
          <h1 className="app-title">{screen.title}</h1>
          <p className="app-lede">{screen.explanation}</p>
          {me.error ? (
            <ErrorMessage error={me.error} title="Could not load your account" />
          ) : me.isPending ? null : screen.id !== 'admin' && !tenant ? (
            <NoTenant reason={me.data.tenantProblem?.reason} isAdmin={isAdmin} />
          ) : callback ? (
            <GoogleCallback kind={callback} />
          ) : (
            <ScreenContent screen={screen.id} route={route} navigate={navigate} />
          )}
        </main>
      </div>
    </div>
  );
}

function NoTenant({ reason, isAdmin }: { reason: string | undefined; isAdmin: boolean }) {
  return (
    <div className="app-callout" role="status">
      <p>
        <strong>No business to show.</strong> {reason}
      </p>
      {isAdmin ? (
        <p>
          As the operator, open <a href="#/admin">Admin</a> and choose a tenant to impersonate.
        </p>
      ) : null}
    </div>
  );
}
