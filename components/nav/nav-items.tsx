import type { Route } from 'next';
import type { ReactNode } from 'react';

export interface NavItem {
  href: Route;
  label: string;
  icon: ReactNode;
}

/** 20×20 outline icons drawn inline (no icon dependency); decorative, the label carries meaning. */
function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="size-5 shrink-0"
    >
      {children}
    </svg>
  );
}

export const NAV_ITEMS: readonly NavItem[] = [
  {
    href: '/',
    label: 'Overview',
    icon: (
      <Icon>
        <rect x="3" y="3" width="6" height="6" rx="1" />
        <rect x="11" y="3" width="6" height="6" rx="1" />
        <rect x="3" y="11" width="6" height="6" rx="1" />
        <rect x="11" y="11" width="6" height="6" rx="1" />
      </Icon>
    ),
  },
  {
    href: '/agents',
    label: 'Agents',
    icon: (
      <Icon>
        <rect x="4" y="6" width="12" height="10" rx="2" />
        <path d="M10 3v3M7.5 10.5h.01M12.5 10.5h.01M8 13.5h4" />
      </Icon>
    ),
  },
  {
    href: '/requests',
    label: 'Requests',
    icon: (
      <Icon>
        <path d="M4 5h12M4 10h12M4 15h7" />
      </Icon>
    ),
  },
  {
    href: '/costs',
    label: 'Costs',
    icon: (
      <Icon>
        <circle cx="10" cy="10" r="7" />
        <path d="M12.5 7.5c-.5-.8-1.4-1.2-2.5-1.2-1.5 0-2.5.8-2.5 1.9 0 2.6 5 1.3 5 3.8 0 1.1-1 1.9-2.5 1.9-1.1 0-2-.4-2.5-1.2M10 5v1.3M10 13.7V15" />
      </Icon>
    ),
  },
  {
    href: '/settings',
    label: 'Settings',
    icon: (
      <Icon>
        <path d="M4 6h7M15 6h1M4 14h1M9 14h7" />
        <circle cx="13" cy="6" r="2" />
        <circle cx="7" cy="14" r="2" />
      </Icon>
    ),
  },
];
