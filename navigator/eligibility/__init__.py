"""The three-valued evaluation of structured eligibility rules, the questionnaire's answers and the route sheet."""
