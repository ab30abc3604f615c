// Table types for Kysely. Auth tables (user … rateLimit) follow better-auth's
// schema; the rest are Endorse's. Conventions in Endorse's tables (see
// portable.ts): ids are made in the app, timestamps are ISO-8601 UTC text,
// booleans are 0/1 integers, JSON is text.
import type { ColumnType } from 'kysely';

type AuthDate = ColumnType<Date, Date | string, Date | string>;
type AuthBool = ColumnType<boolean | number, boolean | number, boolean | number>;

export interface UserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: AuthBool;
  image: string | null;
  createdAt: AuthDate;
  updatedAt: AuthDate;
  isSiteAdmin: AuthBool;
}
export interface SessionTable {
  id: string;
  expiresAt: AuthDate;
  token: string;
  createdAt: AuthDate;
  updatedAt: AuthDate;
  ipAddress: string | null;
  userAgent: string | null;
  userId: string;
  activeOrganizationId: string | null;
}
export interface AccountTable {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  accessToken: string | null;
  refreshToken: string | null;
  idToken: string | null;
  accessTokenExpiresAt: AuthDate | null;
  refreshTokenExpiresAt: AuthDate | null;
  scope: string | null;
  password: string | null;
  createdAt: AuthDate;
  updatedAt: AuthDate;
}
export interface VerificationTable {
  id: string;
  identifier: string;
  value: string;
  expiresAt: AuthDate;
  createdAt: AuthDate;
  updatedAt: AuthDate;
}
/** An association is a better-auth organization; `slug` is the association id ("mi-aimh"). */
export interface OrganizationTable {
  id: string;
  name: string;
  slug: string;
  logo: string | null;
  createdAt: AuthDate;
  metadata: string | null;
}
/** A person's roles in an association, comma-separated in `role` (see policies). */
export interface MemberTable {
  id: string;
  organizationId: string;
  userId: string;
  role: string;
  createdAt: AuthDate;
}
export interface InvitationTable {
  id: string;
  organizationId: string;
  email: string;
  role: string | null;
  status: string;
  expiresAt: AuthDate;
  createdAt: AuthDate;
  inviterId: string;
}
export interface RateLimitTable {
  id: string;
  key: string;
  count: number;
  lastRequest: number | string;
}

export interface CatalogVersionTable {
  id: string;
  association_id: string;
  version: string;
  /** The catalog as data (JSON), as validated by loadCatalog. */
  data: string;
  created_at: string;
}
export interface FeeTable {
  id: string;
  association_id: string;
  credential: string;
  application_cents: number;
  processing_cents: number;
  currency: string;
  source: string;
}
export interface ApplicationTable {
  id: string;
  user_id: string;
  association_id: string;
  credential: string;
  status: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  /** The portfolio as submitted (interchange JSON), frozen at submission. */
  snapshot: string | null;
  /** The version (date) of the association's catalog the snapshot was judged against. */
  snapshot_catalog_version: string | null;
  /** The review round whose snapshot is current: 0 before submission, 1 once submitted, +1 per resubmission. */
  round: ColumnType<number, number | undefined, number>;
}
/** Every portfolio submitted for an application, one per round (the current one is also on the application). */
export interface ApplicationSnapshotTable {
  id: string;
  application_id: string;
  round: number;
  document: string;
  catalog_version: string | null;
  submitted_at: string;
}
/** An advisor or reviewer assigned to an application. */
export interface ApplicationAssignmentTable {
  id: string;
  application_id: string;
  user_id: string;
  /** advisor | reviewer */
  role: string;
  /** active | declined (by the reviewer, with a reason) | removed (by a coordinator) */
  status: string;
  assigned_by: string | null;
  assigned_at: string;
  /** A reviewer's review is due on this day (ISO date). */
  due_on: string | null;
  ended_at: string | null;
  end_reason: string | null;
}
/** One reviewer's review of one round's snapshot. */
export interface ReviewTable {
  id: string;
  application_id: string;
  assignment_id: string;
  reviewer_id: string;
  round: number;
  /** draft | submitted */
  status: string;
  /** JSON: per requirement, clause and competency domain, the finding and comment. */
  findings: string;
  /** approve | request-information | defer | hold */
  recommendation: string | null;
  /** Words for the applicant: shown without the reviewer's name. */
  to_applicant: string | null;
  /** For the association's staff only. */
  to_staff: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
}
/** A decision on an application: a lifecycle step taken by the review or by a coordinator. */
export interface ApplicationDecisionTable {
  id: string;
  application_id: string;
  /** 1, 2, … in the order the application's decisions were taken (migration 0007). */
  seq: number;
  round: number;
  /** approve | request-information | defer | hold | decline */
  step: string;
  /** review | coordinator */
  decided_as: string;
  decided_by: string | null;
  reason: string | null;
  to_applicant: string | null;
  response_due_on: string | null;
  decided_at: string;
}
/** The applicant and advisor's thread (message), and an advisor's comment on a section or entry (comment). */
export interface ApplicationMessageTable {
  id: string;
  application_id: string;
  author_id: string;
  kind: string;
  section: string | null;
  entry_id: string | null;
  body: string;
  created_at: string;
}
/** An endorsement a reviewer holds, recorded by the association's staff on the reviewer's profile. */
export interface ReviewerQualificationTable {
  id: string;
  association_id: string;
  user_id: string;
  credential: string;
  /** imh | ecmh */
  field: string;
  level: number;
  evidence: string;
  recorded_by: string | null;
  recorded_at: string;
  removed_at: string | null;
}
/** An association's settings, one value (JSON) per key. */
export interface AssociationSettingTable {
  association_id: string;
  key: string;
  value: string;
  updated_at: string;
}
/** One entry of a person's portfolio, in the interchange format, shared by all their applications. */
export interface PortfolioEntryTable {
  id: string;
  user_id: string;
  /** A top-level key of the interchange format: person, degrees, work, training, rsc, leadership,
   * references, agreements, memberships, exam, endorsements (or an extra key it carries). */
  section: string;
  /** Order within the whole document (keys and list items). */
  position: number;
  /** The entry exactly as in the interchange format (JSON). */
  data: string;
  created_at: string;
  updated_at: string;
}
export interface FileTable {
  id: string;
  user_id: string;
  storage_key: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: string;
}
export interface ReferenceRequestTable {
  id: string;
  application_id: string;
  rater_name: string;
  rater_email: string;
  relationship: string;
  waived: number;
  token_hash: string;
  status: string;
  expires_at: string;
  sent_at: string | null;
  opened_at: string | null;
  submitted_at: string | null;
  revoked_at: string | null;
  reminders_sent: number;
  /** The rater's answers (JSON); never shown to the applicant. */
  rating: string | null;
  created_at: string;
}
export interface AgreementSignatureTable {
  id: string;
  user_id: string;
  association_id: string;
  /** code-of-ethics | endorsement-agreement */
  kind: string;
  text_version: string;
  typed_name: string;
  signed_at: string;
}
export interface FeeDueTable {
  id: string;
  application_id: string;
  /** application | processing */
  kind: string;
  amount_cents: number;
  currency: string;
  created_at: string;
  /** Set when a coordinator waived the fee, with who and why. */
  waived_at: ColumnType<string | null, string | null | undefined, string | null>;
  waived_by: ColumnType<string | null, string | null | undefined, string | null>;
  waive_reason: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface PaymentTable {
  id: string;
  fee_due_id: string;
  amount_cents: number;
  method: string;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}
/** Append-only: who did what, when, with the values before and after. */
export interface AuditEventTable {
  id: string;
  at: string;
  actor_id: string | null;
  association_id: string | null;
  subject_type: string;
  subject_id: string;
  action: string;
  before: string | null;
  after: string | null;
}
export interface JobTable {
  id: string;
  kind: string;
  payload: string;
  run_at: string;
  attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_until: string | null;
  done_at: string | null;
  created_at: string;
  /** For a mail job: the account it counts against (the daily cap); null when it is no account's. */
  account_id: string | null;
}
/** One row per account that has had mail queued: locked while a sender counts and queues. */
export interface MailQuotaTable {
  account_id: string;
  updated_at: string;
}
export interface ApiTokenTable {
  id: string;
  association_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
export interface AppSettingTable {
  key: string;
  value: string;
}
/** Attempts counted against a sign-in limit: per key (an address or an account), in the current window. */
export interface SignInCountTable {
  key: string;
  /** When the window ends (ISO-8601); the next attempt after it starts a new one, and the row may be deleted. */
  window_end: string;
  count: number;
}
/** One version of an item of the exam bank: a multiple-choice item or an essay vignette. */
export interface ExamItemTable {
  id: string;
  association_id: string;
  code: string;
  version: number;
  /** multiple-choice | vignette */
  kind: string;
  /** imh | ecmh */
  exam: string;
  /** draft | active | retired */
  status: string;
  text: string;
  /** JSON string[] (multiple choice) */
  options: string | null;
  answer_key: number | null;
  /** JSON string[] of competency domain ids */
  domains: string;
  category: string | null;
  /** JSON RubricCriterion[] (vignette) */
  rubric: string | null;
  search_text: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export interface ExamFormTable {
  id: string;
  association_id: string;
  name: string;
  exam: string;
  category: string;
  /** draft | ready | retired */
  status: string;
  vignettes_answered: number;
  /** JSON PassRule */
  pass_rule: string;
  time_limit_minutes: number;
  created_by: string | null;
  created_at: string;
}
export interface ExamFormItemTable {
  form_id: string;
  item_id: string;
  position: number;
}
export interface ExamSittingTable {
  id: string;
  association_id: string;
  exam: string;
  starts_at: string;
  /** online | in-person */
  mode: string;
  place: string;
  capacity: number;
  /** scheduled | cancelled */
  status: string;
  /** JSON string[] */
  form_ids: string;
  created_by: string | null;
  created_at: string;
}
export interface ExamRegistrationTable {
  id: string;
  sitting_id: string;
  application_id: string;
  form_id: string;
  attempt: number;
  /** registered | sat | rescheduled | no-show | cancelled */
  status: string;
  registered_by: string | null;
  registered_at: string;
  ended_at: string | null;
  end_reason: string | null;
}
export interface ExamAccommodationTable {
  application_id: string;
  extra_time: number;
  break_minutes: number;
  large_text: number;
  paper: number;
  note: string | null;
  granted_by: string | null;
  granted_at: string;
}
export interface ExamAttemptTable {
  id: string;
  registration_id: string;
  application_id: string;
  form_id: string;
  /** online | paper */
  mode: string;
  started_at: string;
  ends_at: string;
  submitted_at: string | null;
  /** applicant | time-out | paper-entry */
  submitted_how: string | null;
  /** JSON string[] */
  vignettes_chosen: string;
  /** in-progress | submitted | scored */
  status: string;
  mc_correct: number | null;
  mc_counted: number | null;
  essay_points: number | null;
  /** passed | failed */
  result: string | null;
  /** JSON DomainPerformance[] */
  by_domain: string | null;
  scored_at: string | null;
}
export interface ExamAnswerTable {
  attempt_id: string;
  item_id: string;
  choice: number | null;
  answered_at: string;
}
export interface ExamEssayResponseTable {
  id: string;
  attempt_id: string;
  vignette_id: string;
  text: string;
  blind_code: string;
  saved_at: string;
}
export interface ExamEssayReadTable {
  id: string;
  response_id: string;
  reader_id: string;
  slot: number;
  /** JSON number[] */
  scores: string;
  total: number;
  comment: string | null;
  submitted_at: string;
}
export interface ExamItemDiscountTable {
  sitting_id: string;
  item_id: string;
  reason: string;
  discounted_by: string | null;
  discounted_at: string;
}
export interface EndorsementTable {
  id: string;
  association_id: string;
  user_id: string;
  application_id: string | null;
  credential: string;
  category: string | null;
  number: number;
  granted_on: string;
  renewal_due_on: string;
  /** active | suspended | revoked | lapsed | inactive | transferred */
  status: string;
  listed: number;
  transferred_from: string | null;
  created_at: string;
  updated_at: string;
}
export interface EndorsementEventTable {
  id: string;
  endorsement_id: string;
  kind: string;
  reason: string | null;
  actor_id: string | null;
  at: string;
}
/** An association's signing key: the public half as Multikey, the secret half sealed with ENDORSE_SECRET. */
export interface AssociationKeyTable {
  id: string;
  association_id: string;
  public_key_multibase: string;
  sealed_secret: string;
  created_at: string;
  retired_at: string | null;
}
export interface StatusListTable {
  id: string;
  association_id: string;
  /** revocation | suspension */
  purpose: string;
  n: number;
  size: number;
  /** The signed status list credential, JSON */
  document: string;
  updated_at: string;
}
export interface StatusEntryTable {
  endorsement_id: string;
  list_id: string;
  position: number;
  set: number;
}
export interface IssuedCredentialTable {
  id: string;
  endorsement_id: string;
  /** The signed credential, JSON */
  document: string;
  valid_until: string;
  issued_at: string;
}
export interface RenewalTable {
  id: string;
  endorsement_id: string;
  /** renewal | reinstatement */
  kind: string;
  due_on: string;
  /** audit | requested | renewed */
  status: string;
  late: number;
  audited: number;
  fee_cents: number | null;
  late_fee_cents: number | null;
  currency: string;
  /** The checklist as judged when submitted, JSON */
  checklist: string;
  submitted_at: string;
  completed_at: string | null;
  completed_by: string | null;
}
export interface RenewalReminderTable {
  endorsement_id: string;
  due_on: string;
  offset_days: number;
  sent_at: string;
}
export interface RenewalAuditEntryTable {
  id: string;
  renewal_id: string;
  /** training | rsc */
  section: string;
  entry_id: string;
  /** The entry as claimed, JSON */
  entry: string;
  file_id: string | null;
  /** pending | accepted | rejected */
  decision: string;
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
}
export interface EndorsementExtensionTable {
  endorsement_id: string;
  due_on: string;
  until_on: string;
  reason: string;
  granted_by: string;
  granted_at: string;
}
export interface InactivePauseTable {
  id: string;
  endorsement_id: string;
  from_on: string;
  until_on: string;
  reason: string;
  requested_at: string;
  ended_at: string | null;
}
export interface Database {
  user: UserTable;
  session: SessionTable;
  account: AccountTable;
  verification: VerificationTable;
  organization: OrganizationTable;
  member: MemberTable;
  invitation: InvitationTable;
  rateLimit: RateLimitTable;
  catalog_version: CatalogVersionTable;
  fee: FeeTable;
  application: ApplicationTable;
  portfolio_entry: PortfolioEntryTable;
  file: FileTable;
  reference_request: ReferenceRequestTable;
  agreement_signature: AgreementSignatureTable;
  fee_due: FeeDueTable;
  payment: PaymentTable;
  audit_event: AuditEventTable;
  job: JobTable;
  mail_quota: MailQuotaTable;
  api_token: ApiTokenTable;
  app_setting: AppSettingTable;
  sign_in_count: SignInCountTable;
  application_snapshot: ApplicationSnapshotTable;
  application_assignment: ApplicationAssignmentTable;
  review: ReviewTable;
  application_decision: ApplicationDecisionTable;
  application_message: ApplicationMessageTable;
  reviewer_qualification: ReviewerQualificationTable;
  association_setting: AssociationSettingTable;
  exam_item: ExamItemTable;
  exam_form: ExamFormTable;
  exam_form_item: ExamFormItemTable;
  exam_sitting: ExamSittingTable;
  exam_registration: ExamRegistrationTable;
  exam_accommodation: ExamAccommodationTable;
  exam_attempt: ExamAttemptTable;
  exam_answer: ExamAnswerTable;
  exam_essay_response: ExamEssayResponseTable;
  exam_essay_read: ExamEssayReadTable;
  exam_item_discount: ExamItemDiscountTable;
  endorsement: EndorsementTable;
  endorsement_event: EndorsementEventTable;
  association_key: AssociationKeyTable;
  status_list: StatusListTable;
  status_entry: StatusEntryTable;
  issued_credential: IssuedCredentialTable;
  renewal: RenewalTable;
  renewal_reminder: RenewalReminderTable;
  renewal_audit_entry: RenewalAuditEntryTable;
  endorsement_extension: EndorsementExtensionTable;
  inactive_pause: InactivePauseTable;
}
