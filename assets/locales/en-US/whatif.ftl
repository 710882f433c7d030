# "What if" (CLI and app) and "My progress" (app). A what-if is never a session: every text that
# shows one says so.

## What if
whatif-banner = WHAT IF — not a real session
whatif-banner-detail = Re-simulated from the log { $log } with the same patient (seed { $seed }). Nothing was written and nothing is sent to the LRS.
whatif-edits = Changes:
whatif-no-edits = none: the session as it was played
whatif-edit-move = decision { $n } ({ $order }) moved from { $from } to { $to }
whatif-edit-drop = decision { $n } ({ $order } at { $at }) left out
whatif-edit-add = { $order } added at { $at }
whatif-col-session = Your session
whatif-col-what-if = What if
whatif-row-score = Score
whatif-row-result = Result
whatif-row-ended = Ended
whatif-ended = { $reason } ({ $state }) at { $at }
whatif-changed = Criteria whose result changed:
whatif-changed-none = No criterion changed its result.
whatif-change = { $criterion } [{ $weight }]: { $before } { $before_points }/{ $points } → { $after } { $after_points }/{ $points }
whatif-vitals = Vital signs (your session → what if):
whatif-vitals-ended = ended
whatif-not-reached = Not played: { $order } at { $at } (the what-if's case had already ended)
whatif-case-changed = Note: the case's files changed since the session; both runs use the case as it is now.
whatif-decisions = Decisions of the session (numbered as in the debrief):
whatif-refused = The what-if cannot be run: { $reason }

## What if, in the app
whatif-open = What if…
whatif-open-hint = Change one of your decisions and see your own patient take the other road.
whatif-title = What if — not a real session
whatif-back = Back
whatif-pick = Your decisions: pick one to change
whatif-earlier = Earlier
whatif-later = Later
whatif-minutes = min
whatif-move-to = Move to
whatif-remove = Remove
whatif-restore = Keep
whatif-add = Add an order
whatif-add-at = at
whatif-add-button = Add
whatif-run = Re-simulate
whatif-reset = Undo all changes
whatif-legend-session = solid: your session
whatif-legend-what-if = dashed: what if
whatif-waiting-log = The log is being saved; the what-if can start once it is on disk.
whatif-expert-toggle = Show the expert's patient (same seed)
whatif-expert-legend = faint: the expert's golden path ({ $path })

## My progress
progress-open = My progress…
progress-title = My progress: { $trainee }
progress-none = No finished session for { $trainee } in { $dir } yet.
progress-chart = Scores over time
progress-axis-session = session
progress-axis-score = score (%)
progress-cases = By case
progress-col-case = Case
progress-col-sessions = Sessions
progress-col-best = Best
progress-col-last = Last
progress-play-again = Play again
progress-missed-again = Criteria missed more than once
progress-missed-none = No criterion missed more than once.
progress-missed-count = missed in { $count } sessions
progress-untrusted = Untrusted logs, left out of the figures
progress-untrusted-line = { $file }: { $reason }
progress-back = Back to the library
progress-trainee-needed = Enter your name or ID in the library to see your progress.
