# Texts of the case {{id}} in English. Every message id the case uses must be here and in the
# other two languages.
{{id}}-title = Short of breath on the ward
{{id}}-summary = An older woman on a medical ward is breathless and her saturation is falling. Assess, treat and escalate.
{{id}}-handover = You are called to see Mrs Ito, 78, on the medical ward. She is breathless, RR 26, SpO₂ 86 % on air, HR 104. She weighs 58 kg.
{{id}}-patient = Haru Ito
{{id}}-allergy = No known drug allergies
{{id}}-hx = Heart failure with preserved ejection fraction
{{id}}-state-hypoxaemic = Hypoxaemic
{{id}}-state-settled = Settled on oxygen
{{id}}-act-examine = Examine the chest
{{id}}-act-oxygen = Oxygen by nasal cannula
{{id}}-act-call-senior = Call a senior
{{id}}-finding-hypoxaemic = Bibasal crackles; she is working hard to breathe.
{{id}}-finding-better = Breathing more easily; crackles unchanged.
{{id}}-event-nurse = She looks more tired than before. Are you coming?
{{id}}-c-oxygen-met = Oxygen started promptly for hypoxaemia.
{{id}}-c-oxygen-missed = Oxygen was not started within 10 minutes of finding her hypoxaemic.
{{id}}-cite-oxygen = Give oxygen to hypoxaemic patients, titrated to a target saturation range.
{{id}}-c-examined-met = You examined before treating.
{{id}}-c-examined-missed = You treated before examining.
{{id}}-c-escalated-met = A senior was called early.
{{id}}-c-escalated-missed = No senior was called within 15 minutes.
{{id}}-c-settled-met = She settled on oxygen.
{{id}}-c-settled-missed = She never settled.
