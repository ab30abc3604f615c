// People and their roles in an association.
import { appendAudit } from '../db/repositories/audit.ts';
import {
  findMembership,
  findPersonByEmail,
  peopleOfAssociation,
  setMembershipRoles,
} from '../db/repositories/people.ts';
import { type Actor, authorize, parseRoles, type Role, roles as allRoles } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError } from './errors.ts';

export async function listPeople(actor: Actor | undefined, associationId: string, services: Services) {
  authorize(actor, 'people.read', { associationId });
  const people = await peopleOfAssociation(services.db.kysely, associationId);
  return people.map((p) => ({ ...p, roles: parseRoles(p.role) }));
}

/** Gives a person (who has an account) exactly `roles` in the association; none removes them. */
export async function setRoles(
  actor: Actor | undefined,
  input: { associationId: string; email: string; roles: readonly Role[] },
  services: Services,
): Promise<void> {
  authorize(actor, 'role.assign', { associationId: input.associationId });
  const wanted = allRoles.filter((r) => input.roles.includes(r));
  await services.db.kysely.transaction().execute(async (tx) => {
    const person = await findPersonByEmail(tx, input.email);
    if (!person) {
      throw new AppError(
        'not_found',
        `no one has an account with the e-mail ${input.email}; ask them to sign up first`,
        'email',
      );
    }
    // Whoever signed up first with someone else's address must not receive that person's roles
    // (taking roles away stays possible).
    if (!person.emailVerified && wanted.length) {
      throw new AppError(
        'invalid',
        `${person.email} has not confirmed its e-mail address yet; ask them to sign in with a link e-mailed to it (or choose a new password through "Forgot your password?"), then try again`,
        'email',
      );
    }
    const before = await findMembership(tx, input.associationId, person.id);
    const beforeRoles = before ? parseRoles(before.role) : [];
    if (
      actor.userId === person.id &&
      beforeRoles.includes('admin') &&
      !wanted.includes('admin') &&
      !actor.isSiteAdmin
    ) {
      throw new AppError('invalid', 'you cannot remove your own admin role; ask another admin', 'roles');
    }
    await setMembershipRoles(tx, services.db.dialect, input.associationId, person.id, wanted.join(','));
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId: input.associationId,
      subjectType: 'person',
      subjectId: person.id,
      action: 'roles.set',
      before: { roles: beforeRoles },
      after: { roles: wanted },
    });
  });
}
