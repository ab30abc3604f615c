// People and their roles in an association.
import { z } from 'zod';
import { roles } from '../../policies/index.ts';
import { checkboxes, email } from '../forms.ts';

export const peopleQuery = z.object({ email: z.string().max(320).optional() });

export const setRolesForm = z.object({
  email: email(),
  roles: checkboxes(roles, 'roles'),
});
