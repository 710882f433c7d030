# App screen texts (library, briefing, case, debrief).
