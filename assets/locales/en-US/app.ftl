# App screen texts (library, briefing, case, debrief, review).

language = Language
back-to-library = Back to the library
cancel = Cancel
glyph-sample = Heart

## Library
trainee-id = Trainee name or ID
trainee-hint = e.g. R2-Sato
library-cases = Cases
library-no-cases = No cases found. Start Bedside with --cases pointing at a folder of cases.
library-open = Open
library-minutes = about { $minutes } min
library-unfinished = Unfinished sessions
library-none-unfinished = None: every session so far was finished.
library-resume = Resume
library-unfinished-detail = { $trainee }, stopped at { $time }
library-problems = Cases that could not be loaded
difficulty-foundation = Foundation
difficulty-intermediate = Intermediate
difficulty-advanced = Advanced

## Briefing
briefing-handover = Handover
briefing-start = Start the case
briefing-as = Playing as { $trainee }
briefing-as-anonymous = Playing anonymously: give your name or ID in the library for the log to carry it
briefing-clock-runs = In this case the clock keeps running while you write an order or answer a question: deciding takes the patient's time.
chart-history = History
chart-medications = Regular medications
chart-on-board = Given before handover, or running now
chart-on-board-dose = { $drug } { $amount } { $route }, { $minutes } min before handover
chart-on-board-dose-now = { $drug } { $amount } { $route }, at handover
chart-on-board-infusion = { $drug } running at { $rate }
chart-labs = Admission labs
chart-none = None recorded
allergies = Allergies
allergies-none = no known drug allergies
patient-facts = { $age } years · { $sex } · { $weight } kg · { $height } cm
sex-female = female
sex-male = male

## Case
case-actions = Actions
case-end = End the case
clock-pause = Pause
clock-paused = Paused
log-saving = Saving the decision log… (the clock waits until it is on disk)
clock-held = Time stands still while this question is open.
clock-runs = In this case the clock keeps running while you decide.
clock-skip = Skip to next event
clock-skip-to = Skip to { $time }
clock-limit = of { $limit }
monitor-title = Bedside monitor
mon-hr = HR
mon-bp = NIBP
mon-spo2 = SpO₂
mon-rr = RR
mon-temp = Temp
alarm-high = { $name } high
alarm-low = { $name } low
alarm-cleared = { $name } back within limits
trend-vitals = Vital signs
trend-labs = Measured labs
trend-no-labs = No results yet.
trend-labs-range = shaded: reference range
trend-hours = hours
trend-minutes = minutes
trend-decisions = Decisions
feed-pending = Pending results
feed-pending-item = { $test }: due at { $due } (in { $in })
feed-none = None
feed-infusions = Running infusions
# Standing (scheduled) orders: { $order } is the drug, dose and route; { $at } a clock time.
feed-standing = Standing orders
feed-standing-next = { $order }: next at { $at }
feed-standing-held = { $order }: held
feed-standing-over = { $order }: no more doses
feed-events = Events and results
feed-result = { $test } (taken at { $taken }):
feed-ended = The case has ended.
speaker-nurse = Nurse
speaker-patient = Patient
speaker-relative = Relative
speaker-doctor = Doctor
speaker-system = System

## Orders
order-weight = Patient weight: { $weight } kg
order-usual = Usual range: { $range }
order-bolus = Dose (bolus)
order-infusion = Rate (infusion)
order-dose = Dose
order-rate = Rate
order-unit = Unit
order-route = Route
order-route-choose = choose…
route-iv = IV
route-im = IM
route-sc = SC
route-po = PO
route-pr = PR
route-inhaled = inhaled
route-topical = topical
# Between the items of a list of routes.
list-separator = {", "}
order-place = Place the order
order-refused = Refused
order-unusual = Outside the usual range
order-unusual-detail = { $value } { $unit } (usual { $min }–{ $max } { $unit })
confirm-high-risk = High-risk order: please confirm
confirm-yes = Confirm and give
confirm-end = End the case now? It will be scored as it stands.
confirm-end-yes = End and score

## Debrief
debrief-title = Debrief: { $title }
debrief-criteria = Criteria
debrief-timeline = Timeline (numbers mark your decisions)
debrief-log = Decision log saved to { $path }
debrief-log-saving = Saving the decision log to { $path }…
debrief-leave-when-saved = Back to the library once the decision log is saved…
leave-unsaved-title = The decision log is not saved
leave-unsaved = Writing the decision log failed: { $error }. Lines not yet on disk: { $lines }. If you leave now they are lost, and the log on disk ends before them (a session you can resume from there). Bedside tries again every 2 seconds.
leave-unsaved-stay = Stay and keep trying
leave-unsaved-leave = Leave without saving
leave-unsaved-quit = Close without saving
debrief-hash = SHA-256 of the log's last line: { $hash }

## Refused orders (the core decides; these word its reasons)
refused-what-dose = dose
refused-what-rate = rate
refused-what-route = route
refused-unknown-action = there is no action “{ $action }” in this case
refused-case-over = the case has ended: no further orders
refused-not-finite = the { $what } is not a number
refused-not-positive = the { $what } must be greater than zero (got { $value })
refused-unpreparable = the { $what } is over a million times the usual maximum ({ $usual }): no such order can be prepared
refused-unit-unknown = unknown unit “{ $unit }” (use g, mg, µg, L, mL, units, mmol, optionally /kg and /min or /h)
refused-unit-dimension = the unit “{ $unit }” does not fit this order (for example “{ $example }”)
refused-missing = enter a { $what }
refused-not-taken = this order takes no { $what }
refused-dose-and-rate = give either a dose or a rate, not both in one order
refused-route = route { $route } is not available (choose from { $allowed })
refused-no-route = choose a route ({ $allowed })
order-number-hint = Write decimals with a point (1.5); a comma only groups thousands (1,000).

## Instructor mode (--instructor)
reload-watching = Instructor mode: saving the case's files reloads it here.
reload-failed = The edited case has errors; the case as it was keeps running:
reload-done = Case reloaded: { $replayed } decisions replayed, { $skipped } skipped (no longer valid).

## Review (assessors)
library-review = Review logs…
review-title = Review a session log
review-open-file = Open a log file:
review-open = Open
review-folder = Logs in { $folder }
review-none = No logs in this folder yet.
review-unreadable-log = cannot be opened
review-ok = verified
review-untrusted-short = untrusted
review-unfinished = unfinished
review-close = ← Close log
review-who = { $trainee } · started { $started } UTC · seed { $seed } · { $program }
review-verified = ✔ Hash chain verified: all { $lines } lines intact and in order.
review-untrusted = ⚠ UNTRUSTED LOG — the hash chain breaks at line { $line }.
review-untrusted-score = ⚠ UNTRUSTED LOG — its score line (line { $line }) is not the score its decisions earn: it was altered.
review-untrusted-note = What follows is the file as it now reads. It must not be taken as the trainee's record.
review-unreadable = Lines that could not be read at all: { $lines }
review-case-changed = The case's files have changed since this session was played.
review-diverges = The replay departs from the log at line { $line }.
review-replays = Replaying the decisions reproduces every line of the log.
review-no-replay = No replay: { $reason }
review-no-replay-not-in-library = case '{ $case }' is not in the library
review-no-replay-other-case = it is a log of case '{ $found }', not '{ $expected }'
review-no-replay-missing-action = the decision on line { $line } uses action '{ $action }', which the case no longer has
review-tab-replay = Replay
review-tab-debrief = Debrief as scored
review-of = of { $end }
review-start = To the start
review-end = To the end
review-prev = ◀ Previous decision
review-next = Next decision ▶
review-play = ▶ Play
review-pause = ⏸ Pause
review-decisions = Decisions and the criteria they decided
review-jump = Show the bedside at this moment
review-line = log line { $line }
review-no-criteria = (no criterion turned on this)
review-as-scored = As scored when the session ended:
review-rederived = Re-derived from the decisions (the score line was altered and is not shown):
review-not-finished = The session did not end: this is the score as it stands, re-scored now.
review-rescore-differs = Re-scoring against the case in the library now gives { $percent }% ({ $verdict }).

## Results to the Learning Record Store (xAPI)
lrs-settings = Results to the LRS…
lrs-title = Send results to the Learning Record Store
lrs-explain = When a case ends, its xAPI statements wait in the outbox and are sent when the LRS can be reached. Nothing is lost offline.
lrs-send-after = Send the results after each case
lrs-endpoint = LRS address (xAPI)
lrs-user = User
lrs-password-env = Password variable
lrs-password-set = set
lrs-password-unset = not set: sending will wait
lrs-home-page = Trainee account home page
lrs-hospital = Hospital (site id)
lrs-hospital-hint = e.g. tokyo-1
lrs-hospital-invalid = Not a site id: letters, digits, - and _ only, at most 64
lrs-outbox = Outbox: { $folder }
lrs-sending = Sending the results to the LRS…
lrs-save = Save
lrs-send-now = Send queued now
lrs-sent = Sent to the LRS: { $statements } statements.
lrs-rejected = The LRS rejected a session: { $reason }
lrs-not-sent = Not sent yet — { $reason }. Sessions waiting in the outbox: { $queued }.
lrs-nothing-queued = Nothing was waiting to be sent.
lrs-load-error = LRS setting not used: { $error }

# What is wrong with a log line (the Review screen; `bedside verify` prints the same in English).
log-problem-not-utf8 = not valid UTF-8 text
log-problem-not-a-line = not a log line ({ $detail })
log-problem-numbered = the line says it is number { $number }: lines were removed, added or reordered
log-problem-chain = the previous line is not the one this line was written after: a line was edited, removed or reordered
log-problem-not-one-kind = a line must hold exactly one of header, record or score
log-problem-format = log format { $format } is not supported (this program reads formats { $formats })
log-problem-no-header = the first line must be the header
log-problem-second-header = a second header
log-problem-clock-in-format = a clock line in a log of format { $format }: clock lines came with format { $clock_format }
log-problem-after-score = a line follows the score line, which must be last
log-problem-unterminated = not a log line, and it does not end with a newline
log-problem-torn = the last line is incomplete (the program stopped while writing it); the lines before it are intact
log-problem-not-a-score = the score line does not hold a valid score ({ $detail })
log-problem-time = a simulated time of { $seconds } s is beyond the longest a session can last ({ $days } days)
log-problem-too-long = the line is longer than { $mib } MiB, the most a log line may hold: not a log this program wrote
log-problem-score-mismatch = the score line says { $logged_earned }/{ $logged_available } ({ $logged_percent } %), { $logged_passed ->
        [true] passed
       *[false] failed
    }, but the session's decisions re-scored against the same case earn { $rescored_earned }/{ $rescored_available } ({ $rescored_percent } %), { $rescored_passed ->
        [true] passed
       *[false] failed
    }: the score line was altered
log-error-io = { $path }: cannot read the file ({ $detail })
log-error-empty = { $path }: the log is empty
log-error-finished = { $path }: the session is finished (it has a score line) and cannot be resumed

# The learning design on the briefing and the debrief (cases with objectives and a prebrief).
briefing-learning = What this case teaches
briefing-learners = For: { $level }
briefing-prerequisites = You should already know:
briefing-objectives = Objectives
briefing-prebrief = Before you begin
prebrief-simulation = What is simulated
prebrief-time = How time runs
prebrief-can = What you can do
prebrief-cannot = What you cannot do
prebrief-safe = A safe place to learn
debrief-objective-points = { $earned }/{ $available }
debrief-prompts = Debrief questions
debrief-other = Other criteria
