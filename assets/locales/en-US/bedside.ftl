# Bedside program texts (reports and the app). Case texts live with each case under scenarios/.

app-title = Bedside
disclaimer = Training software with simulated patients. Not clinical advice: never use it for decisions about real patients.

report-case = Case: { $title } ({ $id } v{ $version })
report-score = Score: { $earned }/{ $available } points ({ $percent }%), pass mark { $pass }%
report-passed = PASSED
report-failed = FAILED
report-ended = Ended: { $reason } — final state: { $state }
report-evidence = Evidence: log lines { $lines }
report-source = Source: { $body }, “{ $title }” ({ $year }). { $recommendation }
# Where in a source, how strong, and for whom: each as published (in the source's language),
# joined by the separator; a part the case leaves out is left out.
report-source-section = { $section }
report-source-strength = { $strength }
report-source-scope = { $scope }
report-source-separator = { " · " }
report-detail = Detail: { $detail }

fail-critical-missed = critical criterion missed: { $criterion }
fail-critical-harmful = harmful critical error: { $criterion }
fail-below-pass-mark = below the pass mark ({ $percent }% < { $pass }%)
fail-harmful-outcome = the patient came to harm: { $state } at { $at }
fail-harmful-outcome-after-end = the patient came to harm after the case was ended, left as they were: { $state } at { $at }

status-met = Met
status-missed = Missed
status-harmful = Harmful
status-not-applicable = Not applicable

weight-critical = critical
weight-major = major
weight-minor = minor

end-time-limit = time limit reached
end-trainee = ended by the trainee
end-recovered = the patient recovered
end-stabilised = the patient was stabilised
end-deteriorated = the patient deteriorated
end-died = the patient died
end-not-ended = not ended
criterion-not-applicable = The situation this judges did not arise in your session.

## Cohort report (bedside report)
cohort-title = Cohort report
cohort-generated = Generated { $date } UTC from { $count } session logs.
cohort-summary = { $sessions } sessions, { $passed } passed ({ $rate }%); median score { $median }%.
cohort-distribution = Score distribution
cohort-axis-score = Score (%)
cohort-axis-sessions = Sessions
cohort-pass-mark = pass mark { $pass }%
cohort-sessions = Sessions
cohort-col-trainee = Trainee
cohort-col-case = Case
cohort-col-date = Date (UTC)
cohort-col-score = Score
cohort-col-result = Result
cohort-col-critical = Critical misses
cohort-none = none
cohort-criteria = Criteria across the cohort
cohort-col-criterion = Criterion
cohort-col-weight = Weight
cohort-col-pass-rate = Pass rate
cohort-col-applicable = Met / applicable
cohort-never-applied = never applied
cohort-hospitals = By hospital
cohort-col-hospital = Hospital
cohort-col-sessions = Sessions
cohort-col-passed = Passed
cohort-col-session-pass-rate = Pass rate
cohort-col-mean = Mean score
cohort-mean-score = { $mean }%
cohort-hospital-none = not recorded
cohort-hospital-all-cases = all cases
cohort-lrs-title = Cohort report from the record store
cohort-lrs-source = Built from the record store { $endpoint }, statements from { $since } to { $until }: { $count } sessions.
cohort-lrs-generated = Generated { $date } UTC.
cohort-lrs-filter = Hospital { $hospital } only.
cohort-lrs-no-timelines = The record store holds no vital-sign course: this report has no timelines and no decision lists. Build the report from the session logs to see them.
cohort-lrs-no-criteria = { $count } sessions were sent by a Bedside without per-criterion outcomes: they count in the totals and by hospital, not under the criteria.
cohort-refused = Logs left out
cohort-timelines = Sessions in detail
cohort-vitals = Vital signs with the trainee's decisions
cohort-axis-minutes = min
cohort-axis-hours = h
cohort-decisions = Decisions
cohort-refused-order = refused: { $order }
cohort-more-marks = …and { $count } more decisions and state changes, not listed here: the log holds them all.
cohort-case-changed = The case has changed since this session was played: scored against the current version { $version }.
cohort-logged-differs = The score written in the log ({ $percent }%) differs from this re-score; the re-score is shown.
cohort-unfinished = This session was not finished (the log has no score line); scored as far as it went.
cohort-log = Log { $file } — SHA-256 of its last line: { $hash }
cohort-by-case = Cases
cohort-col-passed = Passed
cohort-col-median = Median score
cohort-pages = The sessions table is in { $pages ->
    [one] one page
   *[other] { $pages } pages
} of up to { $per } sessions; each session links to its own page (vital signs, decisions, criteria).
cohort-page-range = Sessions { $from }–{ $to }
cohort-list-page = Sessions, page { $page }
cohort-back = Back to the cohort report
cohort-refused-all = All { $count } logs left out

# Why a criterion came out as it did. $what is an action, drug or class; times are into the case.
# Parts of a duration or a time since the start (detail-*: "done at 1h30m").
duration-h = { $n }h
duration-m = { $n }m
duration-s = { $n }s
detail-done = { $what }: done at { $at }
detail-never-done = { $what }: not done
detail-done-before = { $what } at { $at }, before { $other }
detail-done-after = { $what } at { $at }, after { $other } at { $other_at }
detail-in-time = { $what } at { $at } (deadline { $deadline })
detail-late = { $what } at { $at }, after the deadline of { $deadline }
detail-not-by = { $what }: not done by the deadline of { $deadline }
detail-did-not-arise = the situation did not arise
detail-not-given = { $what }: not given
detail-doses-in-range = every dose of { $what } within { $range }
detail-doses-in-ranges = every dose of { $what } within { $range } or an accepted range
detail-doses-out-of-range = { $what } outside { $range }: { $doses }
detail-more = {"; "}
detail-dose-accepted = { $doses } within the accepted range { $range } ({ $scope })
detail-accepted-range = { $range } ({ $scope })
detail-doses-outside-accepted = also outside the accepted { $ranges }
detail-doses-at-most = every dose of { $what } at most { $max }
detail-doses-above = { $what } above the ceiling of { $max }: { $doses }
detail-dose = { $amount } at { $at }
detail-dose-product = { $amount } ({ $product } { $order })
detail-avoided = { $what }: avoided
detail-never-while = { $what }: never given when it should not be
detail-given = { $what } given at { $at }
detail-given-while = { $what } given at { $at } when it should not have been
detail-reached = { $state }: reached at { $at }
detail-not-reached = { $state }: not reached
detail-condition-in-time = achieved at { $at } (deadline { $deadline })
detail-condition-late = achieved at { $at }, after the deadline of { $deadline }
detail-condition-not-by = not achieved by the deadline of { $deadline }
detail-reached-after-end = { $state }: reached at { $at }, after the case was ended with the patient as they were
detail-too-early = { $what } at { $at }, before the window opened at { $opens }
detail-in-window = { $what } at { $at } (window { $opens }–{ $closes })
detail-total-over = { $what }: { $total } in the { $over } up to { $at }, more than the most of { $max }
detail-total-over-all = { $what }: { $total } in all by { $at }, more than the most of { $max }
detail-total-within = { $what }: never more than { $max } in any { $over }
detail-total-within-all = { $what }: never more than { $max } in all

# An order amount that was typed but is not a number (the order was refused).
order-amount-not-a-number = (not a number)
# A standing (scheduled) order's dose given at its time: "{ $order }" is the drug, dose and route.
standing-order = Standing order: { $order }
order-with-product = { $action }: { $product }

# The debrief by learning objective (cases with `objectives`).
report-objective = Objective ({ $earned }/{ $available } points): { $objective }
report-objective-other = Other criteria ({ $earned }/{ $available } points)
report-prompts = Debrief questions:
report-prompt = { $phase }: { $prompt }
prompt-reaction = Reaction
prompt-description = Description
prompt-analysis = Analysis
prompt-summary = Summary
