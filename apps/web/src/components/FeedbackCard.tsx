import { StarRating } from './StarRating.tsx';
import { MathText } from './MathText.tsx';

/** The tutor's feedback on a session and the student's rating of it. */
export function FeedbackCard({ feedbackId, text, rating = null }: { feedbackId: number; text: string; rating?: number | null }) {
  return (
    <section className="card feedback-card" aria-labelledby={`feedback-${feedbackId}`}>
      <h2 id={`feedback-${feedbackId}`}>Feedback from your tutor</h2>
      <div className="feedback-text">
        {text.split(/\n{2,}/).map((para, i) => (
          <p key={i}>
            <MathText text={para} />
          </p>
        ))}
      </div>
      <StarRating feedbackId={feedbackId} initialRating={rating} />
    </section>
  );
}
