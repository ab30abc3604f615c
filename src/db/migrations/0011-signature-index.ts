// The application's page reads the applicant's signatures of one
// association's agreements on every visit; without an index that read went
// through every signature of every applicant.
import type { Kysely, Migration } from 'kysely';

export const signatureIndex: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('agreement_signature_person_idx')
      .on('agreement_signature')
      .columns(['user_id', 'association_id', 'signed_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('agreement_signature_person_idx').execute();
  },
};
