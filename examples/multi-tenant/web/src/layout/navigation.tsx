import { toHash } from './hash-route.js';
import type { Screen, ScreenId } from './screens.js';

export function Navigation({ screens, current }: { screens: readonly Screen[]; current: ScreenId }) {
  return (
    <nav className="app-nav" aria-label="Dashboard">
      <ul>
        {screens.map((screen) => (
          <li key={screen.id}>
            <a
              href={toHash({ screen: screen.id, item: null })}
              className="app-nav__link"
              aria-current={screen.id === current ? 'page' : undefined}
            >
              {screen.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
