/** Ref constructors: the one place a `{ kind, id }` reference is spelled out. */
import type { DevId, DomainId, GroupId } from './model';

export const domRef = (id: DomainId) => ({ kind: 'domain' as const, id });
export const devRef = (id: DevId) => ({ kind: 'dev' as const, id });
export const grpRef = (id: GroupId) => ({ kind: 'group' as const, id });
