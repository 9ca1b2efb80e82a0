import { hashKey, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { RouterOutputs } from '../trpc.ts';

export type Me = RouterOutputs['me']['get'];

export const MeContext = createContext<Me | null>(null);

/** The signed-in user; only used under the signed-in layout, where it is always set. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() used outside the signed-in app');
  return me;
}

export const canPractise = (me: Me) => me.role === 'student' || me.role === 'admin';
export const isGuardian = (me: Me) => me.role === 'parent' || me.role === 'tutor';
/** Tutors and admins review the AI tutor's texts. */
export const isStaff = (me: Me) => me.role === 'tutor' || me.role === 'admin';

/** Drops everything cached for the signed-out user and marks nobody as signed in. */
export function forgetUser(queryClient: QueryClient, meKey: QueryKey) {
  const meHash = hashKey(meKey);
  queryClient.removeQueries({ predicate: (q) => q.queryHash !== meHash });
  queryClient.setQueryData(meKey, null);
}

