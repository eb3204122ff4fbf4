"""Questionnaire facts, structured eligibility rules and their three-valued evaluation."""
