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
report-detail = Detail: { $detail }

fail-critical-missed = critical criterion missed: { $criterion }
fail-critical-harmful = harmful critical error: { $criterion }
fail-below-pass-mark = below the pass mark ({ $percent }% < { $pass }%)

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
