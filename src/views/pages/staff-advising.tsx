// The advising part of the staff's application page: who advises the
// applicant (and who did), the form to assign, replace or remove the advisor,
// and, read only, the advisor's comments and the applicant and advisor's thread.
import type { StaffAdvising } from '../../services/advising.ts';
import {
  Button,
  ErrorSummary,
  type FieldError,
  Form,
  type FormValues,
  Select,
  valueOf,
  When,
} from '../components.tsx';
import { CommentsBySection, MessageList } from './advising.tsx';

export const advisorPath = (slug: string, id: string) =>
  `/associations/${encodeURIComponent(slug)}/applications/${encodeURIComponent(id)}/advisor`;

export function StaffAdvisingSection(props: {
  advising: StaffAdvising;
  association: { slug: string };
  applicationId: string;
  /** The advisor form's errors and what was chosen, when it comes back. */
  form?: { errors: FieldError[]; values: FormValues } | undefined;
}) {
  const { advising: a } = props;
  const action = advisorPath(props.association.slug, props.applicationId);
  const errors = props.form?.errors;
  return (
    <section aria-labelledby="advising-title">
      <h2 id="advising-title">Endorsement advisor</h2>
      <p>
        {a.current ? (
          <>
            {a.current.name} <span class="hint">{a.current.email}</span>, since{' '}
            <When at={a.current.assignedAt} />.
          </>
        ) : (
          'No advisor is assigned.'
        )}
      </p>
      {a.past.length > 0 && (
        <p>
          Earlier:{' '}
          {a.past.map((p, i) => (
            <span key={p.id}>
              {i > 0 && '; '}
              {p.name} (<When at={p.assignedAt} /> to <When at={p.endedAt} />)
            </span>
          ))}
          .
        </p>
      )}
      {a.mayAssign && (
        <>
          <Form action={action} label={a.current ? 'Replace the advisor' : 'Assign an advisor'}>
            <ErrorSummary errors={errors} />
            {a.choices.length ? (
              <>
                <Select
                  name="advisor"
                  label={a.current ? 'Replace the advisor with' : 'Advisor'}
                  options={[
                    { value: '', label: 'Choose an advisor' },
                    ...a.choices.map((c) => ({ value: c.id, label: `${c.name} (${c.email})` })),
                  ]}
                  value={valueOf(props.form?.values, 'advisor')}
                  error={errors?.find((e) => e.field === 'advisor')?.message}
                />
                <Button>{a.current ? 'Replace the advisor' : 'Assign the advisor'}</Button>
              </>
            ) : (
              <p>
                Nobody {a.current ? 'else ' : ''}can be assigned: an advisor holds the Advisor role in the
                association, has confirmed their e-mail address and is not the applicant. Give the role on
                People &amp; roles.
              </p>
            )}
          </Form>
          {a.current && (
            <Form action={`${action}/remove`} label="Remove the advisor">
              <Button kind="secondary">Remove {a.current.name} as advisor</Button>
            </Form>
          )}
        </>
      )}
      <h3>The advisor's comments ({a.comments.length})</h3>
      <CommentsBySection comments={a.comments} />
      <h3>Messages between the applicant and the advisor ({a.messages.length})</h3>
      <MessageList messages={a.messages} />
    </section>
  );
}
