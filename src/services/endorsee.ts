// What the endorsee receives and keeps: the certificate, the letter (on a
// page, and by e-mail with the certificate and the credential attached when
// the endorsement is granted), their endorsements on the account page, and
// their choice of whether the public registry lists each one.
import type { Kysely } from 'kysely';
import { credentialOf } from '../catalogs/index.ts';
import { levelName } from '../credentials/badge.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  type EndorsementRow,
  endorsementsOfPerson,
  insertEndorsementEvent,
  setEndorsementListed,
} from '../db/repositories/endorsements.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import {
  endorseePaths,
  endorsementStatusLabels,
  type EndorsementStatus,
  listedInRegistry,
} from '../domain/endorsement.ts';
import { longDate } from '../domain/references.ts';
import { describe } from '../index.ts';
import { enqueueMail } from '../mail/mailer.ts';
import type { Actor } from '../policies/index.ts';
import { certificatePdf } from './certificates.ts';
import type { Services } from './context.ts';
import { credentialAddresses, currentCredential } from './credentials.ts';
import { authorizeEndorsement } from './scope.ts';

type Db = Kysely<Database>;

/** Everything the certificate and the letter say of one endorsement. */
export interface EndorsementPapers {
  endorsement: EndorsementRow;
  associationName: string;
  endorseeName: string;
  endorseeEmail: string;
  credentialName: string;
  /** "Level III". */
  level: string;
  statusLabel: string;
  /** As people read them ("May 1, 2030"). */
  granted: string;
  renewalDue: string;
  /** The catalog's renewal requirements, in the engine's words. */
  renewal: string[];
  verificationUrl: string;
  /** File names for the downloads and attachments. */
  certificateFile: string;
  credentialFile: string;
}

async function papersOf(db: Db, services: Services, e: EndorsementRow): Promise<EndorsementPapers> {
  const association = (await findAssociation(db, e.associationId))!;
  const person = (await findPersonById(db, e.userId))!;
  const definition = credentialOf(association.slug, e.credential);
  const described = definition
    ? describe({ association: association.slug, credential: e.credential, on: e.grantedOn })
    : undefined;
  return {
    endorsement: e,
    associationName: association.name,
    endorseeName: person.name,
    endorseeEmail: person.email,
    credentialName: definition?.name ?? e.credential,
    level: definition ? levelName(definition.level) : '',
    statusLabel: endorsementStatusLabels[e.status as EndorsementStatus] ?? e.status,
    granted: longDate(e.grantedOn),
    renewalDue: longDate(e.renewalDueOn),
    renewal: described?.renewal.map((r) => r.text) ?? [],
    verificationUrl: credentialAddresses(services).verification(e.id),
    certificateFile: `endorsement-${e.number}-certificate.pdf`,
    credentialFile: `endorsement-${e.number}.json`,
  };
}

const certificateOf = (p: EndorsementPapers) =>
  certificatePdf({
    associationName: p.associationName,
    endorseeName: p.endorseeName,
    credentialName: p.credentialName,
    level: p.level,
    number: p.endorsement.number,
    granted: p.granted,
    renewalDue: p.renewalDue,
    verificationUrl: p.verificationUrl,
  });

/** The certificate of an endorsement, for its endorsee and the association's coordinators. */
export async function downloadCertificate(
  actor: Actor | undefined,
  endorsementId: string,
  services: Services,
): Promise<{ filename: string; pdf: Buffer }> {
  const { endorsement } = await authorizeEndorsement(actor, endorsementId, 'endorsement.download', services);
  const papers = await papersOf(services.db.kysely, services, endorsement);
  return { filename: papers.certificateFile, pdf: await certificateOf(papers) };
}

/** What the letter says: its words, and the facts of the grant. */
export interface EndorsementLetter {
  papers: EndorsementPapers;
  subject: string;
  heading: string;
  greeting: string;
  congratulations: string;
  /** What the endorsee was granted, label and value. */
  granted: Array<[string, string]>;
  renewalIntro: string;
  /** The words before the verification address, the address, the words after it. */
  verification: [string, string, string];
  closing: string;
}

function letterOf(p: EndorsementPapers): EndorsementLetter {
  const credential = `${p.credentialName}${p.level ? `, ${p.level}` : ''}`;
  return {
    papers: p,
    subject: `Congratulations: your ${p.credentialName} endorsement from ${p.associationName}`,
    heading: `Congratulations on your ${p.credentialName} endorsement`,
    greeting: `Dear ${p.endorseeName},`,
    congratulations: `On behalf of ${p.associationName}, congratulations: you have been granted the endorsement ${credential}. Your certificate and your verifiable credential (an Open Badges credential the association has signed, which anyone can check) are yours to keep and to show.`,
    granted: [
      ['Credential', credential],
      ['Endorsement number', String(p.endorsement.number)],
      ['Granted', p.granted],
      ['Renewal due', p.renewalDue],
    ],
    renewalIntro: `Your endorsement is due for renewal on ${p.renewalDue}. Renewal will ask for:`,
    verification: [
      'Anyone, an employer for example, can check your endorsement and whether it is valid today at ',
      p.verificationUrl,
      ' (the QR code on your certificate leads there too).',
    ],
    closing: `With our congratulations,\n${p.associationName}`,
  };
}

/** The letter of an endorsement, for its endorsee and the association's coordinators. */
export async function endorsementLetter(
  actor: Actor | undefined,
  endorsementId: string,
  services: Services,
): Promise<EndorsementLetter> {
  const { endorsement } = await authorizeEndorsement(actor, endorsementId, 'endorsement.download', services);
  return letterOf(await papersOf(services.db.kysely, services, endorsement));
}

/**
 * E-mails the endorsee the letter with the certificate and the credential
 * attached, in the grant's transaction: a grant is never without its mail.
 */
export async function mailEndorsement(
  tx: Db,
  services: Services,
  endorsement: EndorsementRow,
  credential: Record<string, unknown>,
): Promise<void> {
  const letter = letterOf(await papersOf(tx, services, endorsement));
  const p = letter.papers;
  const base = services.config.baseUrl;
  const paths = endorseePaths(endorsement.id);
  const text = [
    letter.greeting,
    '',
    letter.congratulations,
    '',
    'What you were granted:',
    ...letter.granted.map(([label, value]) => `- ${label}: ${value}`),
    '',
    letter.renewalIntro,
    ...p.renewal.map((r) => `- ${r}`),
    '',
    letter.verification.join(''),
    '',
    `Your certificate (${p.certificateFile}) and your credential (${p.credentialFile}) are attached. You can download them again, and choose whether the public registry lists you, on your account page: ${base}/account`,
    '',
    `This letter: ${base}${paths.letter}`,
    '',
    letter.closing,
  ].join('\n');
  await enqueueMail(
    tx,
    {
      to: p.endorseeEmail,
      subject: letter.subject,
      text,
      attachments: [
        {
          filename: p.certificateFile,
          contentType: 'application/pdf',
          base64: (await certificateOf(p)).toString('base64'),
        },
        {
          filename: p.credentialFile,
          contentType: 'application/vc+ld+json',
          base64: Buffer.from(JSON.stringify(credential, null, 2)).toString('base64'),
        },
      ],
    },
    { account: null, dailyLimit: services.config.mailDailyLimit },
  );
}

/** One of the person's endorsements, as their account page shows it. */
export interface OwnEndorsement {
  id: string;
  associationName: string;
  credentialName: string;
  level: string;
  number: number;
  status: string;
  statusLabel: string;
  grantedOn: string;
  renewalDueOn: string;
  /** The endorsee's choice. */
  listed: boolean;
  /** Whether the public registry shows it now (active and chosen). */
  inRegistry: boolean;
  hasCredential: boolean;
}

/** The signed-in person's own endorsements, the latest first. */
export async function ownEndorsements(actor: Actor, services: Services): Promise<OwnEndorsement[]> {
  const db = services.db.kysely;
  const rows = await endorsementsOfPerson(db, actor.userId);
  return Promise.all(
    rows.map(async (e) => {
      const p = await papersOf(db, services, e);
      return {
        id: e.id,
        associationName: p.associationName,
        credentialName: p.credentialName,
        level: p.level,
        number: e.number,
        status: e.status,
        statusLabel: p.statusLabel,
        grantedOn: e.grantedOn,
        renewalDueOn: e.renewalDueOn,
        listed: e.listed,
        inRegistry: listedInRegistry(e),
        hasCredential: !!(await currentCredential(services, e.id)),
      };
    }),
  );
}

/**
 * The endorsee chooses whether the public registry lists the endorsement.
 * The choice is kept whatever the status: the registry lists only active
 * ones, so it shows again when a suspension ends.
 */
export async function chooseListing(
  actor: Actor | undefined,
  endorsementId: string,
  listed: boolean,
  services: Services,
  now: Date = new Date(),
): Promise<EndorsementRow> {
  const { actor: endorsee, endorsement } = await authorizeEndorsement(
    actor,
    endorsementId,
    'endorsement.chooseListing',
    services,
  );
  if (endorsement.listed === listed) return endorsement;
  const at = timestamp(now);
  await services.db.kysely.transaction().execute(async (tx) => {
    await setEndorsementListed(tx, endorsement.id, listed, at);
    await insertEndorsementEvent(tx, {
      endorsementId: endorsement.id,
      kind: listed ? 'listed' : 'unlisted',
      reason: null,
      actorId: endorsee.userId,
      at,
    });
    await appendAudit(tx, {
      actorId: endorsee.userId,
      associationId: endorsement.associationId,
      subjectType: 'endorsement',
      subjectId: endorsement.id,
      action: 'endorsement.choose-listing',
      before: { listed: endorsement.listed },
      after: { listed },
    });
  });
  return { ...endorsement, listed, updatedAt: at };
}
