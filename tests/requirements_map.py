"""Which tests prove each rule of ../shared/REQUIREMENTS.md (issue 15, "every rule proven").

`tests/test_requirements_map.py` fails when an id has no test, when a listed test
does not exist, or when the ids here and in REQUIREMENTS.md differ. Entries are
`file::test`, `file::Class::test`, or `file::test[case]` for one case of a
parametrised test (the case id must be written in that file). Each list starts
with the most direct proof. Where a rule also has a part that is a matter of
writing or process rather than code, NOTES says so; that part is not claimed.
"""

from __future__ import annotations

# The ids of REQUIREMENTS.md, in its order: the reference when ../shared is not there (a clean clone in CI).
IDS = [
    *("L1", "L2", "L3", "L4", "L5"),
    *("F1", "F2", "F3", "F4"),
    *("T1", "T2", "T3", "T4", "T5"),
    *("E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "E10", "E11"),
    *("S1", "S2"),
    *("A1", "A2", "A3", "A4"),
]

PROOFS: dict[str, list[str]] = {
    # Quebec privacy law
    "L1": [
        "test_archive.py::test_version_in_force_is_also_at_its_permanent_address",
        "test_policy_page.py::test_root_is_french_and_en_is_english_with_region",
        "test_browser_requests.py::test_every_request_of_every_page_type_returns_200",
    ],
    "L2": [
        "test_notice.py::test_notice_on_every_page_of_both_languages_with_date_and_link",
        "test_notice.py::test_an_editorial_fix_does_not_end_the_notice_of_a_significant_change",
        "test_notify.py::test_messages_as_received",
        "test_notify.py::test_a_change_replaced_by_an_editorial_fix_is_still_announced",
        "test_notify.py::test_first_version_is_never_announced",
        "test_rule_units.py::test_notice_window_edges",
        "test_rule_units.py::test_candidates_are_published_significant_amendments_not_yet_replaced",
    ],
    "L3": [
        "test_rule_proofs.py::test_l3_officer_block_on_every_page_type",
        "test_contacts.py::test_another_officer_email_is_a_warning_at_the_texts_line",
        "test_policy_page.py::test_privacy_officer_is_shown",
        "test_config_gaps.py::test_check_and_build_refuse_a_site_without_its_organisation_or_officer[officer-missing]",
        "test_config_gaps.py::test_check_and_build_refuse_a_site_without_its_organisation_or_officer[officer-email-blank]",
    ],
    "L4": [
        "test_rule_proofs.py::test_l4_every_version_names_organisation_effective_and_updated_dates",
        "test_policy_page.py::test_organisation_and_dates",
        "test_check.py::test_check_reports_broken_content[missing-key]",
        "test_check.py::test_build_fails_with_the_same_message[effective-not-a-date]",
        "test_config_gaps.py::test_check_and_build_refuse_a_site_without_its_organisation_or_officer[organisation-name-missing]",
        "test_load_rules.py::test_version_yml_is_refused_with_its_line[no-published]",
        "test_load_rules.py::test_version_yml_is_refused_with_its_line[effective-not-a-date]",
        "test_load_rules.py::test_a_version_without_version_yml_does_not_build",
    ],
    "L5": [
        "test_documents.py::test_each_document_has_its_own_pages_in_both_languages",
        "test_documents.py::test_navigation_switcher_notice_and_sitemap_cover_every_document",
        "test_documents.py::test_check_covers_every_document_and_commands_take_document",
    ],
    # Charter of the French language
    "F1": [
        "test_check.py::test_check_reports_broken_content[only-in-english-F1]",
        "test_check.py::test_build_fails_with_the_same_message[only-in-english-F1]",
        "test_bad_input.py::test_bad_input[sec-english-only-F1]",
        "test_load_rules.py::test_no_english_text_without_the_french_and_the_same_sections",
        "test_load_rules.py::test_a_missing_default_language_is_reported_once",
    ],
    "F2": [
        "test_check.py::test_check_reports_broken_content[only-in-french-F2]",
        "test_check.py::test_check_reports_broken_content[language-missing]",
        "test_git.py::test_one_last_updated_date_for_both_languages",
        "test_drift.py::test_a_change_in_one_language_only_warns_and_names_both_files",
        "test_drift_units.py::test_a_change_in_one_language_only_names_the_other_and_both_files",
        "test_load_rules.py::test_no_english_text_without_the_french_and_the_same_sections",
    ],
    "F3": [
        "test_policy_page.py::test_alternates_absolute_reciprocal_x_default_french",
        "test_policy_page.py::test_root_is_french_and_en_is_english_with_region",
        "test_policy_page.py::test_language_switcher_goes_to_the_other_language",
        "test_bad_input.py::test_this_site_is_french_first",
    ],
    "F4": [
        "test_notify.py::test_messages_as_received",
        "test_unsubscribe.py::test_unknown_token_is_a_404_in_both_languages",
        "test_mail_compose.py::test_confirmation_email_is_plain_and_in_the_chosen_language",
    ],
    # Transparency practice
    "T1": [
        "test_email_blocks.py::test_the_notice_is_its_known_blocks_and_nothing_else",
        "test_notice.py::test_notice_on_every_page_of_both_languages_with_date_and_link",
        "test_notify.py::test_messages_as_received",
    ],
    "T2": [
        "test_archive.py::test_policy_in_force_announces_upcoming_version",
        "test_notice.py::test_upcoming_significant_version_announced_with_consent_warning",
        "test_archive.py::test_upcoming_version_becomes_in_force_when_date_passes",
        "test_rule_units.py::test_notice_window_edges",
        "test_load_rules.py::test_version_yml_is_refused_with_its_line[published-after-effective]",
    ],
    "T3": [
        "test_notice.py::test_editorial_fix_gets_no_notice_but_updates_date",
        "test_notice.py::test_an_editorial_fix_does_not_end_the_notice_of_a_significant_change",
        "test_notify.py::test_a_change_replaced_by_an_editorial_fix_is_still_announced",
        "test_rule_units.py::test_the_first_version_and_editorial_fixes_get_no_notice",
        "test_load_rules.py::test_version_yml_is_refused_with_its_line[significant-not-bool]",
    ],
    "T4": [
        "test_archive.py::test_archive_lists_every_version_newest_first_with_status",
        "test_archive.py::test_changes_page_summary_redline_and_accessible_marks",
        "test_archive.py::test_version_pages_carry_banners",
        "test_at.py::test_at_page_in_both_languages",
        "test_at.py::test_cite_block_in_both_languages",
        "test_browser_at.py::test_the_archive_form_leads_to_the_version_in_force_that_day",
    ],
    "T5": [
        "test_corrections.py::test_a_silent_change_is_refused_by_check_and_by_the_build",
        "test_corrections.py::test_a_declared_correction_passes_and_is_shown_everywhere",
        "test_git.py::test_editing_a_published_version_is_refused_before_commit",
        "test_hooks.py::test_the_hook_refuses_a_commit_that_edits_a_published_version",
    ],
    # Email
    "E1": [
        "test_notify.py::test_messages_as_received",
        "test_email_blocks.py::test_the_notice_is_its_known_blocks_and_nothing_else",
        "test_unsubscribe.py::test_one_click_post_unsubscribes_with_200_no_redirect_no_cookie",
        "test_email_blocks.py::test_a_sender_that_would_break_a_rule_is_refused",
        "test_email_blocks.py::test_one_way_to_reach_the_sender_is_enough",
    ],
    "E2": [
        "test_email_blocks.py::test_the_notice_is_its_known_blocks_and_nothing_else",
        "test_email_blocks.py::test_the_confirmation_email_is_its_known_blocks_and_nothing_else",
    ],
    "E3": [
        "test_subscribers.py::test_add_list_remove_keeps_the_record",
        "test_subscribers.py::test_import_without_consent_record_is_refused_line_by_line",
        "test_mail_web.py::test_double_opt_in_from_request_to_confirmation",
        "test_unsubscribe.py::test_the_page_button_and_query_token",
        "test_unsubscribe.py::test_one_click_post_unsubscribes_with_200_no_redirect_no_cookie",
    ],
    "E4": [
        "test_notify.py::test_messages_as_received",
        "test_email_blocks.py::test_the_notice_is_its_known_blocks_and_nothing_else",
        "test_email_blocks.py::test_the_blocks_follow_the_version_the_reader_and_the_settings",
    ],
    "E5": [
        "test_notify.py::test_messages_as_received",
        "test_email_blocks.py::test_the_notice_is_its_known_blocks_and_nothing_else",
    ],
    "E6": [
        "test_unsubscribe.py::test_get_shows_a_button_and_never_unsubscribes",
        "test_unsubscribe.py::test_one_click_post_unsubscribes_with_200_no_redirect_no_cookie",
        "test_unsubscribe.py::test_one_click_as_multipart_form_data",
    ],
    "E7": [
        "test_notify.py::test_rerun_sends_nothing_twice",
        "test_notify.py::test_drop_after_data_is_unknown_and_not_resent",
        "test_notify.py::test_sigkill_mid_run_then_resume",
        "test_mail_signals.py::test_drop_after_the_end_of_data_is_unknown",
        "test_rule_units.py::test_a_claimed_row_is_never_claimed_again_and_sent_is_written_after_the_250",
        "test_rule_units.py::test_a_crash_while_sending_is_unknown_and_not_resent_unless_asked",
    ],
    "E8": [
        "test_notify.py::test_451_then_success",
        "test_notify.py::test_4xx_after_retries_stays_pending_for_the_next_run",
        "test_notify.py::test_550_fails_one_address_and_the_run_goes_on",
        "test_notify.py::test_connection_dropped_mid_run",
        "test_rule_units.py::test_release_keeps_the_row_pending_and_settle_suppresses_only_when_asked",
    ],
    "E9": [
        "test_mail_secrets.py::test_a_refused_or_dropped_login_prints_no_password",
        "test_mail_secrets.py::test_tls_failure_wrong_host_and_dry_run_print_no_password",
        "test_mail_secrets.py::test_the_client_itself_never_words_the_password",
        "test_notify.py::test_password_comes_from_the_environment_and_is_never_printed",
        "test_notify.py::test_header_injection_is_refused",
    ],
    "E10": [
        "test_mail_web.py::test_double_opt_in_from_request_to_confirmation",
        "test_mail_web.py::test_an_expired_link_confirms_nothing",
        "test_mail_web.py::test_the_same_answer_for_known_and_unknown_addresses",
        "test_mail_compose.py::test_confirmation_email_is_plain_and_in_the_chosen_language",
    ],
    "E11": [
        "test_mail_replies.py::test_every_class_of_reply",
        "test_mail_replies.py::test_classify_table",
        "test_mail_replies.py::test_relay_denied_for_everyone_stops_and_keeps_the_list",
        "test_mail_replies.py::test_refused_sender_stops_before_anyone",
    ],
    # Security
    "S1": [
        "test_escaping.py::test_no_page_holds_anything_executable",
        "test_escaping.py::test_every_hostile_field_is_shown_as_text",
        "test_escaping.py::test_executable_content_is_found_on_its_line",
        "test_escaping.py::test_unchecked_content_is_published_without_anything_executable",
        "test_escaping.py::test_the_plugin_adds_no_inline_script_or_handler",
        "test_browser_requests.py::test_the_site_works_under_the_readme_content_security_policy",
        "test_mail_compose.py::test_hostile_organisation_name_and_summary_in_the_notice",
        "test_mail_web.py::test_everything_echoed_is_escaped",
        "test_at.py::test_generated_pages_run_no_inline_script",
        "test_at.py::test_the_sanitiser_lets_a_date_field_through_and_nothing_else",
        "test_browser_at.py::test_edge_answers",
    ],
    "S2": [
        "test_mail_load.py::test_200_simultaneous_one_click_unsubscribes",
        "test_mail_load.py::test_50_simultaneous_subscribes",
        "test_mail_load.py::test_a_client_sending_headers_a_byte_at_a_time_is_cut",
        "test_mail_load.py::test_an_idle_connection_is_closed",
        "test_mail_load.py::test_an_oversized_body_gets_413",
        "test_mail_web.py::test_honeypot_and_rate_limits",
        "test_unsubscribe.py::test_methods_and_guessing",
    ],
    # Accessibility and languages
    "A1": [
        "test_rule_proofs.py::test_a1_ins_and_del_are_underlined_struck_and_contrasted",
        "test_archive.py::test_changes_page_summary_redline_and_accessible_marks",
        "test_browser_views.py::test_side_by_side_shows_the_old_table_left_and_the_new_one_right",
        "test_browser_views.py::test_only_additions_hides_deletions_and_only_deletions_hides_additions",
        "test_browser_views.py::test_axe_finds_nothing_serious",
    ],
    "A2": [
        "test_policy_page.py::test_root_is_french_and_en_is_english_with_region",
        "test_policy_page.py::test_language_switcher_goes_to_the_other_language",
    ],
    "A3": [
        "test_policy_page.py::test_alternates_absolute_reciprocal_x_default_french",
        "test_archive.py::test_language_switcher_and_alternates_on_generated_pages",
        "test_policy_page.py::test_sitemap_lists_both_pages_with_alternates",
        "test_at.py::test_at_page_in_both_languages",
        "test_section_history.py::test_history_pages_are_in_the_sitemap_but_not_in_search_or_the_navigation",
    ],
    "A4": [
        "test_notice.py::test_notice_markup_is_accessible_without_javascript",
        "test_browser_archive.py::test_notice_shows_dismisses_and_stays_dismissed",
        "test_browser_archive.py::test_without_javascript_notice_and_changes_pages_work",
        "test_browser_reader.py::test_dismissing_every_notice_by_keyboard_leaves_no_bar_on_the_next_page",
    ],
}

# Parts of a rule that no test can prove; said here so the map does not claim them.
NOTES = {
    "L1": "'clear and simple terms' is the wording of the policy itself, reviewed by people.",
    "F2": "that the two languages say the same thing is a translator's work; tests prove same sections, dates, ids.",
    "S2": "the burst test holds 200 concurrent requests at the unsubscribe address, 50 at subscribe.",
}
