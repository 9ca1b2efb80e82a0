import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { OutboxIndicator } from './components/OutboxIndicator.tsx';
import { ErrorNote, Loading } from './components/ui.tsx';
import { canPractise, forgetUser, isGuardian, isStaff, MeContext, type Me } from './lib/me.tsx';
import { configureOutbox, type OutboxKind } from './lib/outbox.ts';
import Home from './pages/Home.tsx';
import SignIn from './pages/SignIn.tsx';
import SignUp from './pages/SignUp.tsx';
import PendingApplication from './pages/PendingApplication.tsx';
import { isUnauthorized, useTRPC, useTRPCClient } from './trpc.ts';

// Every screen but Home (and sign-in/up) is fetched when first opened, so the first visit downloads only
// what it shows; the chunks are small and cached for a year (hashed names).
const Practice = lazy(() => import('./pages/Practice.tsx'));
const StudyPlan = lazy(() => import('./pages/StudyPlan.tsx'));
const Review = lazy(() => import('./pages/Review.tsx'));
const ReviewSession = lazy(() => import('./pages/ReviewSession.tsx'));
const Community = lazy(() => import('./pages/Community.tsx'));
const CommunityQuestion = lazy(() => import('./pages/CommunityQuestion.tsx'));
const Settings = lazy(() => import('./pages/Settings.tsx'));
const Students = lazy(() => import('./pages/Students.tsx'));
const StudentProgress = lazy(() => import('./pages/StudentProgress.tsx'));
// Admin screens are only fetched when an admin opens them, so they stay out of the student bundle.
const AdminData = lazy(() => import('./pages/admin/AdminData.tsx'));
const DatasetBrowser = lazy(() => import('./pages/admin/dataset/DatasetBrowser.tsx'));
// Likewise the review queue, for tutors and admins only.
const ReviewQueue = lazy(() => import('./pages/review-queue/ReviewQueue.tsx'));

export function App() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  // Who is signed in, cached under me.get's key (sign-in, sign-out and settings update it there), but
  // fetched with me.session, which answers null instead of a 401 when nobody is signed in.
  const me = useQuery({ queryKey: trpc.me.get.queryKey(), queryFn: () => client.me.session.query() });
  const user = me.data ?? null;

  useEffect(() => {
    const refresh: Record<OutboxKind, readonly unknown[][]> = {
      'practice.rateFeedback': [],
      'practice.help': [],
      'studyPlan.act': [trpc.studyPlan.get.queryKey(), trpc.me.progress.queryKey()],
      'notes.add': [trpc.notes.list.queryKey()],
    };
    configureOutbox({
      client,
      userId: user?.id ?? null,
      onDelivered: (kind) => refresh[kind].forEach((queryKey) => void queryClient.invalidateQueries({ queryKey })),
    });
  }, [client, queryClient, trpc, user?.id]);

  if (me.isPending) {
    return (
      <div className="boot">
        <Loading label="Loading SAT Prep…" />
      </div>
    );
  }
  if (me.isError && !isUnauthorized(me.error)) {
    return (
      <div className="boot">
        <ErrorNote error={me.error} prefix="SAT Prep could not start." onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!user) return <SignedOut />;
  return (
    <MeContext.Provider value={user}>
      <SignedIn me={user} />
    </MeContext.Provider>
  );
}

function SignedOut() {
  return (
    <>
      <header className="topbar topbar-public">
        <div className="topbar-inner">
          <Brand />
        </div>
      </header>
      <main id="main">
        <Switch>
          <Route path="/signup" component={SignUp} />
          <Route path="/signin">{() => <SignIn />}</Route>
          <Route path="/account-deleted">{() => <SignIn notice="Your account and everything stored about you were deleted." />}</Route>
          <Route>
            <Redirect to="/signin" replace />
          </Route>
        </Switch>
      </main>
    </>
  );
}

function Brand() {
  return (
    <Link href="/" className="brand">
      <svg viewBox="0 0 32 32" aria-hidden="true" className="brand-mark">
        <rect width="32" height="32" rx="8" />
        <path d="M9 17.5l4.5 4.5L23 11" />
      </svg>
      SAT Prep
    </Link>
  );
}

function navItems(me: Me): { href: string; label: string }[] {
  const items: { href: string; label: string }[] = [];
  if (canPractise(me)) items.push({ href: '/', label: 'Home' }, { href: '/practice', label: 'Practice' }, { href: '/plan', label: 'Study plan' }, { href: '/review', label: 'Review' });
  if (isGuardian(me)) items.push({ href: '/', label: 'Students' });
  if (me.role === 'applicant') items.push({ href: '/', label: 'Application' });
  items.push({ href: '/community', label: 'Community' }, { href: '/settings', label: 'Settings' });
  if (isStaff(me)) items.push({ href: '/review-queue', label: 'Review queue' });
  if (me.role === 'admin') items.push({ href: '/admin', label: 'Data' });
  return items;
}

function SignedIn({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [location, navigate] = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: () => {
        forgetUser(queryClient, trpc.me.get.queryKey());
        navigate('/signin');
      },
    }),
  );

  // Move focus to the new page so screen readers announce it, as a full page load would.
  const first = useRef(true);
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus();
    window.scrollTo(0, 0);
  }, [location]);

  const items = navItems(me);
  // Whole path segments only: "/review" is not active on "/review-queue".
  const isActive = (href: string) => (href === '/' ? location === '/' : location === href || location.startsWith(`${href}/`));

  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        {/* Admins have the most links: the bar tightens so they fit on one line. */}
        <div className={items.length > 7 ? 'topbar-inner is-crowded' : 'topbar-inner'}>
          <Brand />
          <button type="button" className="menu-toggle btn btn-ghost btn-small" aria-expanded={menuOpen} aria-controls="site-nav" onClick={() => setMenuOpen((o) => !o)}>
            Menu
          </button>
          <nav id="site-nav" aria-label="Main" className={`site-nav${menuOpen ? ' is-open' : ''}`}>
            <ul>
              {items.map((item) => (
                <li key={item.label}>
                  <Link href={item.href} className={isActive(item.href) ? 'nav-link is-active' : 'nav-link'} aria-current={isActive(item.href) ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="topbar-user">
            <OutboxIndicator />
            <span className="user-name" title={me.email}>
              {me.displayName}
            </span>
            <button type="button" className="btn btn-ghost btn-small" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
              {signOut.isPending ? 'Signing out…' : 'Sign out'}
            </button>
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Suspense fallback={<Loading label="Loading…" />}>
          <Switch>
            <Route path="/">{() => (me.role === 'applicant' ? <PendingApplication /> : isGuardian(me) ? <Students /> : <Home />)}</Route>
            {canPractise(me) && <Route path="/practice" component={Practice} />}
            {canPractise(me) && <Route path="/plan" component={StudyPlan} />}
            {canPractise(me) && <Route path="/review" component={Review} />}
            {canPractise(me) && <Route path="/review/:id">{(p) => <ReviewSession sessionId={Number(p.id)} />}</Route>}
            <Route path="/community" component={Community} />
            <Route path="/community/:id">{(p) => <CommunityQuestion questionId={Number(p.id)} />}</Route>
            <Route path="/settings" component={Settings} />
            <Route path="/students/:id">{(p) => <StudentProgress studentId={Number(p.id)} />}</Route>
            {isStaff(me) && (
              <Route path="/review-queue">
                <Suspense fallback={<Loading label="Loading the review queue…" />}>
                  <ReviewQueue view="queue" />
                </Suspense>
              </Route>
            )}
            {me.role === 'admin' && (
              <Route path="/review-queue/disagreements">
                <Suspense fallback={<Loading label="Loading the review queue…" />}>
                  <ReviewQueue view="disagreements" />
                </Suspense>
              </Route>
            )}
            {me.role === 'admin' && (
              <Route path="/admin">
                <Suspense fallback={<Loading label="Loading the data dashboard…" />}>
                  <AdminData />
                </Suspense>
              </Route>
            )}
            {me.role === 'admin' && (
              <Route path="/admin/dataset">
                <Suspense fallback={<Loading label="Loading the dataset browser…" />}>
                  <DatasetBrowser />
                </Suspense>
              </Route>
            )}
            <Route path="/signin">
              <Redirect to="/" replace />
            </Route>
            <Route path="/signup">
              <Redirect to="/" replace />
            </Route>
            <Route>
              <div className="page narrow">
                <h1>Page not found</h1>
                <p>
                  This page does not exist, or your account cannot open it. <Link href="/">Go to the home page</Link>.
                </p>
              </div>
            </Route>
          </Switch>
        </Suspense>
      </main>
    </>
  );
}
