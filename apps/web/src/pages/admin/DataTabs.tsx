import { Link } from 'wouter';

/** Switches between the admin data screens: the dashboard of counts and the example-by-example dataset browser. */
export function DataTabs({ current }: { current: 'dashboard' | 'dataset' }) {
  const tabs = [
    { key: 'dashboard', href: '/admin', label: 'Dashboard' },
    { key: 'dataset', href: '/admin/dataset', label: 'Dataset' },
  ] as const;
  return (
    <nav className="tabs" aria-label="Data views">
      {tabs.map((t) => (
        <Link key={t.key} href={t.href} className={t.key === current ? 'tab is-active' : 'tab'} aria-current={t.key === current ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
