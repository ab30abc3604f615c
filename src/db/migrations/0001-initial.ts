import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../portable.ts';

export function initial(dialect: Dialect): Migration {
  // better-auth's own column types on each database (from its schema generator).
  const authBool = dialect === 'postgres' ? 'boolean' : 'integer';
  const authDate = dialect === 'postgres' ? 'timestamptz' : 'date';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('user')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('emailVerified', authBool, (c) => c.notNull())
        .addColumn('image', 'text')
        .addColumn('createdAt', authDate, (c) => c.notNull())
        .addColumn('updatedAt', authDate, (c) => c.notNull())
        .addColumn('isSiteAdmin', authBool, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('session')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('expiresAt', authDate, (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull().unique())
        .addColumn('createdAt', authDate, (c) => c.notNull())
        .addColumn('updatedAt', authDate, (c) => c.notNull())
        .addColumn('ipAddress', 'text')
        .addColumn('userAgent', 'text')
        .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('activeOrganizationId', 'text')
        .execute();
      await db.schema
        .createTable('account')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('accountId', 'text', (c) => c.notNull())
        .addColumn('providerId', 'text', (c) => c.notNull())
        .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('accessToken', 'text')
        .addColumn('refreshToken', 'text')
        .addColumn('idToken', 'text')
        .addColumn('accessTokenExpiresAt', authDate)
        .addColumn('refreshTokenExpiresAt', authDate)
        .addColumn('scope', 'text')
        .addColumn('password', 'text')
        .addColumn('createdAt', authDate, (c) => c.notNull())
        .addColumn('updatedAt', authDate, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('verification')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('identifier', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('expiresAt', authDate, (c) => c.notNull())
        .addColumn('createdAt', authDate, (c) => c.notNull())
        .addColumn('updatedAt', authDate, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('organization')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('logo', 'text')
        .addColumn('createdAt', authDate, (c) => c.notNull())
        .addColumn('metadata', 'text')
        .execute();
      await db.schema
        .createTable('member')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organizationId', 'text', (c) =>
          c.notNull().references('organization.id').onDelete('cascade'),
        )
        .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('createdAt', authDate, (c) => c.notNull())
        .addUniqueConstraint('member_organization_user', ['organizationId', 'userId'])
        .execute();
      await db.schema
        .createTable('invitation')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organizationId', 'text', (c) =>
          c.notNull().references('organization.id').onDelete('cascade'),
        )
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('expiresAt', authDate, (c) => c.notNull())
        .addColumn('createdAt', authDate, (c) => c.notNull())
        .addColumn('inviterId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .execute();
      await db.schema
        .createTable('rateLimit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('lastRequest', 'bigint', (c) => c.notNull())
        .execute();
      for (const [table, column] of [
        ['session', 'userId'],
        ['account', 'userId'],
        ['verification', 'identifier'],
        ['member', 'userId'],
        ['invitation', 'organizationId'],
        ['invitation', 'email'],
      ] as const) {
        await db.schema.createIndex(`${table}_${column}_idx`).on(table).column(column).execute();
      }

      // Endorse's tables.
      await db.schema
        .createTable('catalog_version')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('association_id', 'text', (c) =>
          c.notNull().references('organization.id').onDelete('cascade'),
        )
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('catalog_version_association_version', ['association_id', 'version'])
        .execute();
      await db.schema
        .createTable('fee')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('association_id', 'text', (c) =>
          c.notNull().references('organization.id').onDelete('cascade'),
        )
        .addColumn('credential', 'text', (c) => c.notNull())
        .addColumn('application_cents', 'integer', (c) => c.notNull())
        .addColumn('processing_cents', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addUniqueConstraint('fee_association_credential', ['association_id', 'credential'])
        .execute();
      await db.schema
        .createTable('file')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('storage_key', 'text', (c) => c.notNull().unique())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('application')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('association_id', 'text', (c) => c.notNull().references('organization.id'))
        .addColumn('credential', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text')
        .addColumn('snapshot', 'text')
        .execute();
      await db.schema
        .createTable('portfolio_entry')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('section', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('reference_request')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) =>
          c.notNull().references('application.id').onDelete('cascade'),
        )
        .addColumn('rater_name', 'text', (c) => c.notNull())
        .addColumn('rater_email', 'text', (c) => c.notNull())
        .addColumn('relationship', 'text', (c) => c.notNull())
        .addColumn('waived', 'integer', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('opened_at', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('reminders_sent', 'integer', (c) => c.notNull())
        .addColumn('rating', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agreement_signature')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('association_id', 'text', (c) => c.notNull().references('organization.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text_version', 'text', (c) => c.notNull())
        .addColumn('typed_name', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('fee_due')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) =>
          c.notNull().references('application.id').onDelete('cascade'),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('amount_cents', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('payment')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('fee_due_id', 'text', (c) => c.notNull().references('fee_due.id').onDelete('cascade'))
        .addColumn('amount_cents', 'integer', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('recorded_by', 'text', (c) => c.notNull().references('user.id'))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_event')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('association_id', 'text')
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .execute();
      await db.schema
        .createTable('job')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('run_at', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', 'text')
        .addColumn('done_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_token')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('association_id', 'text', (c) =>
          c.notNull().references('organization.id').onDelete('cascade'),
        )
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('app_setting')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      for (const [table, columns] of [
        ['application', ['user_id']],
        ['application', ['association_id', 'status']],
        ['portfolio_entry', ['user_id', 'section', 'position']],
        ['reference_request', ['application_id']],
        ['audit_event', ['subject_type', 'subject_id', 'at']],
        ['audit_event', ['association_id', 'at']],
        ['job', ['done_at', 'run_at']],
        ['fee_due', ['application_id']],
      ] as const) {
        await db.schema
          .createIndex(`${table}_${columns.join('_')}_idx`)
          .on(table)
          .columns([...columns])
          .execute();
      }
    },
    async down(db: Kysely<unknown>) {
      for (const table of [
        'app_setting',
        'api_token',
        'job',
        'audit_event',
        'payment',
        'fee_due',
        'agreement_signature',
        'reference_request',
        'portfolio_entry',
        'application',
        'file',
        'fee',
        'catalog_version',
        'rateLimit',
        'invitation',
        'member',
        'organization',
        'verification',
        'account',
        'session',
        'user',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
