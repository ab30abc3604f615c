// The texts an applicant signs: each association's Code of Ethics and
// Endorsement Agreement, with a version string per association and text. A
// signature records the version it was given for, so that a changed text can
// be told apart from the one signed. Change the wording → change the version.
//
// The seeds name these documents but do not reproduce them; the texts below
// are Endorse's short statements of what the seeds say an endorsee commits to
// (confidentiality, working within one's competence, reflective supervision,
// truthful application, annual renewal, membership). An association replaces
// them with its own by changing this file.

export const agreementKinds = ['code-of-ethics', 'endorsement-agreement'] as const;
export type AgreementKind = (typeof agreementKinds)[number];

export interface AgreementText {
  kind: AgreementKind;
  title: string;
  /** Changes whenever the wording does. */
  version: string;
  paragraphs: string[];
}

export const agreementTitles: Record<AgreementKind, string> = {
  'code-of-ethics': 'Code of Ethics',
  'endorsement-agreement': 'Endorsement Agreement',
};

/** The version of each text, per association id. */
const versions: Record<string, Record<AgreementKind, string>> = {
  'mi-aimh': { 'code-of-ethics': 'mi-aimh-coe-2026.1', 'endorsement-agreement': 'mi-aimh-ea-2026.1' },
  'ct-aimh': { 'code-of-ethics': 'ct-aimh-coe-2026.1', 'endorsement-agreement': 'ct-aimh-ea-2026.1' },
  ncimha: { 'code-of-ethics': 'ncimha-coe-2026.1', 'endorsement-agreement': 'ncimha-ea-2026.1' },
  alliance: { 'code-of-ethics': 'alliance-coe-2026.1', 'endorsement-agreement': 'alliance-ea-2026.1' },
};
/** For an association added by a site administrator, until its own texts are written here. */
const defaultVersions: Record<AgreementKind, string> = {
  'code-of-ethics': 'endorse-coe-2026.1',
  'endorsement-agreement': 'endorse-ea-2026.1',
};

function codeOfEthics(name: string): string[] {
  return [
    `As an applicant for endorsement by ${name}, and as an endorsee once endorsed, I put the safety and well-being of infants, young children and their families first.`,
    'I respect the dignity, culture and privacy of every family I work with. I keep confidential what families tell me, except where the law or a child’s safety requires otherwise.',
    'I work within the limits of my education, training and experience, and I use reflective supervision or consultation to understand how the work affects me and the families I serve.',
    'I do not exploit the families I serve, the people I supervise or my colleagues, and I avoid relationships that could cloud my judgement.',
    `I tell the truth about my education, experience and endorsement, and I tell ${name} of any conduct, my own included, that breaks this code.`,
  ];
}

function endorsementAgreement(name: string): string[] {
  return [
    'The information in my portfolio is true and complete to the best of my knowledge.',
    `I allow ${name} to check what I declare with the people and institutions I name, my references and the institutions that granted my degrees among them.`,
    'I will renew my endorsement every year with the in-service training and, where my credential requires it, the reflective supervision or consultation that its renewal rules ask for, and I will keep my membership current.',
    'I will describe myself as endorsed only for the credential granted to me, and only while my endorsement is current.',
    `${name} may suspend or withdraw an endorsement that was obtained with false information or is held in breach of its Code of Ethics.`,
  ];
}

/** The two texts of an association, in the order they are signed. */
export function agreementTexts(association: { slug: string; name: string }): AgreementText[] {
  const v = versions[association.slug] ?? defaultVersions;
  return [
    {
      kind: 'code-of-ethics',
      title: `${association.name} ${agreementTitles['code-of-ethics']}`,
      version: v['code-of-ethics'],
      paragraphs: codeOfEthics(association.name),
    },
    {
      kind: 'endorsement-agreement',
      title: `${association.name} ${agreementTitles['endorsement-agreement']}`,
      version: v['endorsement-agreement'],
      paragraphs: endorsementAgreement(association.name),
    },
  ];
}
