import { type RenderResult, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { NuvatraProvider } from '../src/index.js';
import type { TestApi } from './api.js';

/** Renders `ui` signed in as a development user (`alice` owns Sunrise Dental, `bob` Harbor Bistro, `admin`). */
export function renderSignedIn(
  api: TestApi,
  user: string,
  ui: ReactNode,
  options: { impersonatedTenantId?: string | null } = {},
): RenderResult {
  return render(
    <NuvatraProvider
      baseUrl=""
      getToken={() => `dev:${user}`}
      fetch={api.fetch}
      {...(options.impersonatedTenantId !== undefined ? { impersonatedTenantId: options.impersonatedTenantId } : {})}
    >
      {ui}
    </NuvatraProvider>,
  );
}
