import { ACTION_CHANNELS } from '../../platform/db/index.js';
import { formatNumber, inReadersLanguage, t } from '../../platform/i18n/index.js';
import { type ActionCounts, goalProgress } from '../count-rules.js';

/** "2,140" / "2 140": in the reader's language. */
export const formatCount = (n: number) => formatNumber(n);

/** "1 action" or "1,204 actions". */
export const actionsText = (n: number) =>
  t(n === 1 ? 'uaCounts.actions.one' : 'uaCounts.actions.other', { count: formatCount(n) });

/**
 * The goal bar: a native progress element named by the sentence beside it, which says the same
 * in words for those who do not see the bar.
 */
export function GoalBar(props: { id: string; total: number; goal: number }) {
  const progress = goalProgress(props.total, props.goal);
  if (!progress) return null;
  const label = `${props.id}-label`;
  return (
    <div class={`ua-goal${progress.reached ? ' ua-goal--reached' : ''}`}>
      <p id={label} class="ua-goal__text">
        {t(progress.reached ? 'uaCounts.goalReached' : 'uaCounts.goal', {
          total: formatCount(props.total),
          goal: formatCount(props.goal),
          percent: progress.percent,
        })}
      </p>
      <progress
        class="ua-goal__bar"
        max={props.goal}
        value={Math.min(props.total, props.goal)}
        aria-labelledby={label}
      >
        {progress.percent}%
      </progress>
    </div>
  );
}

/**
 * An urgent action's counts on its page, and the whole of its counts fragment: the page renders
 * it with the numbers of that moment, and the script (client/action-counts.js) swaps in the
 * fragment at `data-counts-src`, which is this same block with the numbers of now.
 */
export function CountsBlock(props: { articleId: number } & ActionCounts) {
  const { counts, goal, articleId } = props;
  const id = `ua-counts-${articleId}`;
  return (
    <div class="ua-counts" id={id} data-counts-src={inReadersLanguage(`/actions/${articleId}/counts`)}>
      <h3 id={`${id}-heading`}>{t('uaCounts.heading')}</h3>
      <p class="ua-counts__total">{actionsText(counts.total)}</p>
      <ul class="ua-counts__channels" aria-labelledby={`${id}-heading`}>
        {ACTION_CHANNELS.map((channel) => (
          <li key={channel}>
            {t(`uaCounts.channel.${channel}`)}: <strong>{formatCount(counts[channel])}</strong>
          </li>
        ))}
      </ul>
      <GoalBar id={`${id}-goal`} total={counts.total} goal={goal} />
    </div>
  );
}

/** The counts on the urgent action's page, with the script that refreshes them (when served). */
export function CountsSection(props: { articleId: number; script: string | undefined } & ActionCounts) {
  return (
    <>
      <CountsBlock articleId={props.articleId} counts={props.counts} goal={props.goal} />
      {props.script ? <script src={props.script} defer /> : null}
    </>
  );
}

/** An urgent action's counts in a listing's item: the total and the goal bar. */
export function ItemCounts(props: { articleId: number } & ActionCounts) {
  return (
    <div class="ua-item-counts">
      <p class="ua-item-counts__total">{actionsText(props.counts.total)}</p>
      <GoalBar id={`ua-item-${props.articleId}-goal`} total={props.counts.total} goal={props.goal} />
    </div>
  );
}
