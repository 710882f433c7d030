mini-title = Test case: hypotension
mini-summary = A small case the app's tests play.
mini-handover = A 70-year-old woman is hypotensive on the ward. Please review her.
mini-patient = Ms Test Patient
mini-allergy = Penicillin (rash)
mini-history = Hypertension
mini-medication = Amlodipine 5 mg daily
mini-state-shock = Hypotension
mini-state-better = Stabilised
mini-act-examine = Examine circulation
mini-act-lactate = Venous blood gas (lactate)
mini-act-fluid = Crystalloid bolus
mini-act-noradrenaline = Noradrenaline infusion
mini-act-call = Call the senior
mini-finding-cold = Cool peripheries, capillary refill 4 s.
mini-finding-warm = Warm peripheries.
mini-event-nurse = The nurse says the blood pressure is still low.
mini-crit-fluid-met = Fluids were started early.
mini-crit-fluid-missed = Fluids were late or not given.
mini-crit-lactate-met = Lactate was measured.
mini-crit-lactate-missed = Lactate was not measured.

# Citations: what each criterion's guideline recommends (shown with body, title and year).
mini-cite-fluid_early = Fluids early
