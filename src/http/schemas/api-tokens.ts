// API tokens of an association.
import { z } from 'zod';
import { text } from '../forms.ts';

export const createTokenForm = z.object({ name: text('what the token is for', { max: 100 }) });
