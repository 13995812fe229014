--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: raviv_access_changed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.raviv_access_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO access_generation (id, value)
    VALUES (1, md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value;
    RETURN NULL;
END $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: access_generation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.access_generation (
    id integer NOT NULL,
    value character varying(32) DEFAULT ''::character varying NOT NULL
);


--
-- Name: access_generation_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.access_generation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: access_generation_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.access_generation_id_seq OWNED BY public.access_generation.id;


--
-- Name: access_grant; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.access_grant (
    id integer NOT NULL,
    account integer NOT NULL,
    network integer NOT NULL,
    role character varying(16) DEFAULT ''::character varying NOT NULL,
    member integer,
    ends_on date,
    granted_by integer,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    revoked_at timestamp with time zone
);


--
-- Name: access_grant_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.access_grant_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: access_grant_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.access_grant_id_seq OWNED BY public.access_grant.id;


--
-- Name: account; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.account (
    id integer NOT NULL,
    email character varying(254) DEFAULT ''::character varying NOT NULL,
    display_name character varying(200) DEFAULT ''::character varying NOT NULL,
    password_hash character varying(255) DEFAULT NULL::character varying,
    site_admin boolean DEFAULT false NOT NULL,
    active boolean DEFAULT true NOT NULL,
    last_login_at timestamp with time zone,
    erased_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: account_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.account_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: account_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.account_id_seq OWNED BY public.account.id;


--
-- Name: attachment_request; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.attachment_request (
    id integer NOT NULL,
    network integer NOT NULL,
    parent integer NOT NULL,
    requested_by integer,
    requested_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    decided_by integer,
    decided_at timestamp with time zone,
    decision character varying(16) DEFAULT NULL::character varying
);


--
-- Name: attachment_request_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.attachment_request_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: attachment_request_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.attachment_request_id_seq OWNED BY public.attachment_request.id;


--
-- Name: attendance; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.attendance (
    id integer NOT NULL,
    network integer NOT NULL,
    meeting integer NOT NULL,
    member integer NOT NULL,
    people integer,
    excused boolean DEFAULT false NOT NULL,
    reason character varying(500) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: attendance_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.attendance_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: attendance_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.attendance_id_seq OWNED BY public.attendance.id;


--
-- Name: audit_entry; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_entry (
    id integer NOT NULL,
    at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    account integer,
    actor character varying(32) DEFAULT ''::character varying NOT NULL,
    network integer,
    action character varying(64) DEFAULT ''::character varying NOT NULL,
    object_type character varying(32) DEFAULT ''::character varying NOT NULL,
    object_ref character varying(200) DEFAULT ''::character varying NOT NULL,
    before json,
    after json,
    detail character varying(500) DEFAULT ''::character varying NOT NULL,
    client_ip character varying(45) DEFAULT ''::character varying NOT NULL
);


--
-- Name: audit_entry_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_entry_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_entry_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_entry_id_seq OWNED BY public.audit_entry.id;


--
-- Name: case_answer; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_answer (
    id integer NOT NULL,
    network integer NOT NULL,
    enforcement_case integer NOT NULL,
    text text DEFAULT ''::text NOT NULL,
    written_by integer,
    by_representative boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: case_answer_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.case_answer_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: case_answer_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.case_answer_id_seq OWNED BY public.case_answer.id;


--
-- Name: case_decision; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_decision (
    id integer NOT NULL,
    network integer NOT NULL,
    enforcement_case integer NOT NULL,
    kind character varying(32) DEFAULT ''::character varying NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    decided_on date DEFAULT CURRENT_DATE NOT NULL,
    starts_on date,
    ends_on date,
    decided_by integer,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: case_decision_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.case_decision_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: case_decision_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.case_decision_id_seq OWNED BY public.case_decision.id;


--
-- Name: contribution; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.contribution (
    id integer NOT NULL,
    ref character varying(64) DEFAULT ''::character varying NOT NULL,
    network integer NOT NULL,
    giver_member integer,
    receiver_kind character varying(16) DEFAULT ''::character varying NOT NULL,
    receiver_member integer,
    receiver_group integer,
    receiver_project integer,
    form character varying(16) DEFAULT ''::character varying NOT NULL,
    unit character varying(16) DEFAULT ''::character varying NOT NULL,
    category character varying(64) DEFAULT ''::character varying NOT NULL,
    quantity_milli bigint DEFAULT 0 NOT NULL,
    date date DEFAULT CURRENT_DATE NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    evidence_url character varying(500) DEFAULT ''::character varying NOT NULL,
    status character varying(16) DEFAULT 'submitted'::character varying NOT NULL,
    reason character varying(500) DEFAULT ''::character varying NOT NULL,
    reverses integer,
    rate_cents bigint,
    value_cents bigint,
    meeting integer,
    idempotency_key character varying(100) DEFAULT NULL::character varying,
    created_by integer,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    validated_by integer,
    validated_at timestamp with time zone
);


--
-- Name: contribution_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.contribution_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: contribution_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.contribution_id_seq OWNED BY public.contribution.id;


--
-- Name: credential; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.credential (
    id integer NOT NULL,
    account integer NOT NULL,
    kind character varying(16) DEFAULT ''::character varying NOT NULL,
    secret_hash character varying(64) DEFAULT ''::character varying NOT NULL,
    name character varying(100) DEFAULT ''::character varying NOT NULL,
    scope character varying(16) DEFAULT 'write'::character varying NOT NULL,
    expires_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    revoked_at timestamp with time zone
);


--
-- Name: credential_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.credential_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: credential_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.credential_id_seq OWNED BY public.credential.id;


--
-- Name: due; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.due (
    id integer NOT NULL,
    network integer NOT NULL,
    member integer NOT NULL,
    period_start date DEFAULT CURRENT_DATE NOT NULL,
    amount_cents bigint DEFAULT 0 NOT NULL,
    paid_on date,
    means character varying(32) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: due_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.due_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: due_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.due_id_seq OWNED BY public.due.id;


--
-- Name: enforcement_case; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.enforcement_case (
    id integer NOT NULL,
    ref character varying(100) DEFAULT ''::character varying NOT NULL,
    network integer NOT NULL,
    member integer NOT NULL,
    period_start date DEFAULT CURRENT_DATE NOT NULL,
    period_end date DEFAULT CURRENT_DATE NOT NULL,
    snapshot integer,
    evaluation text DEFAULT ''::text NOT NULL,
    status character varying(16) DEFAULT 'open'::character varying NOT NULL,
    opened_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    closed_at timestamp with time zone,
    closed_by integer,
    close_note text DEFAULT ''::text NOT NULL
);


--
-- Name: enforcement_case_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.enforcement_case_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: enforcement_case_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.enforcement_case_id_seq OWNED BY public.enforcement_case.id;


--
-- Name: enforcement_policy; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.enforcement_policy (
    id integer NOT NULL,
    network integer NOT NULL,
    reminders boolean DEFAULT true NOT NULL,
    reminder_interval_days integer DEFAULT 14 NOT NULL,
    open_cases boolean DEFAULT true NOT NULL,
    updated_by integer,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: enforcement_policy_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.enforcement_policy_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: enforcement_policy_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.enforcement_policy_id_seq OWNED BY public.enforcement_policy.id;


--
-- Name: enrolment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.enrolment (
    id integer NOT NULL,
    network integer NOT NULL,
    working_group integer NOT NULL,
    member integer NOT NULL,
    starts_on date DEFAULT CURRENT_DATE NOT NULL,
    ends_on date,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    facilitator boolean DEFAULT false NOT NULL
);


--
-- Name: enrolment_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.enrolment_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: enrolment_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.enrolment_id_seq OWNED BY public.enrolment.id;


--
-- Name: evaluation_snapshot; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.evaluation_snapshot (
    id integer NOT NULL,
    network integer NOT NULL,
    day date DEFAULT CURRENT_DATE NOT NULL,
    period_start date DEFAULT CURRENT_DATE NOT NULL,
    period_end date DEFAULT CURRENT_DATE NOT NULL,
    rule_set character varying(64) DEFAULT ''::character varying NOT NULL,
    inputs text DEFAULT ''::text NOT NULL,
    document text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: evaluation_snapshot_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.evaluation_snapshot_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: evaluation_snapshot_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.evaluation_snapshot_id_seq OWNED BY public.evaluation_snapshot.id;


--
-- Name: exemption; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.exemption (
    id integer NOT NULL,
    network integer NOT NULL,
    member integer NOT NULL,
    criteria text DEFAULT ''::text NOT NULL,
    period_start date DEFAULT CURRENT_DATE NOT NULL,
    reason character varying(500) DEFAULT ''::character varying NOT NULL,
    decided_by character varying(200) DEFAULT ''::character varying NOT NULL,
    decided_on date,
    created_by integer,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: exemption_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.exemption_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: exemption_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.exemption_id_seq OWNED BY public.exemption.id;


--
-- Name: import_mapping; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.import_mapping (
    id integer NOT NULL,
    network integer NOT NULL,
    kind character varying(32) DEFAULT 'members'::character varying NOT NULL,
    mapping json DEFAULT '{}'::json NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: import_mapping_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.import_mapping_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: import_mapping_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.import_mapping_id_seq OWNED BY public.import_mapping.id;


--
-- Name: invitation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invitation (
    id integer NOT NULL,
    network integer NOT NULL,
    email character varying(254) DEFAULT ''::character varying NOT NULL,
    role character varying(16) DEFAULT ''::character varying NOT NULL,
    member integer,
    access_ends_on date,
    secret_hash character varying(64) DEFAULT ''::character varying NOT NULL,
    invited_by integer,
    expires_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    accepted_at timestamp with time zone,
    revoked_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: invitation_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.invitation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: invitation_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.invitation_id_seq OWNED BY public.invitation.id;


--
-- Name: login_throttle; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_throttle (
    id integer NOT NULL,
    email_key character varying(64) DEFAULT ''::character varying NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    locked_until timestamp with time zone,
    window_started_at timestamp with time zone
);


--
-- Name: login_throttle_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.login_throttle_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: login_throttle_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.login_throttle_id_seq OWNED BY public.login_throttle.id;


--
-- Name: meeting; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.meeting (
    id integer NOT NULL,
    ref character varying(64) DEFAULT ''::character varying NOT NULL,
    network integer NOT NULL,
    title character varying(200) DEFAULT ''::character varying NOT NULL,
    kind character varying(24) DEFAULT ''::character varying NOT NULL,
    mandatory boolean DEFAULT false NOT NULL,
    date date DEFAULT CURRENT_DATE NOT NULL,
    start_time time without time zone,
    duration_milli bigint DEFAULT 0 NOT NULL,
    place character varying(200) DEFAULT ''::character varying NOT NULL,
    link character varying(500) DEFAULT ''::character varying NOT NULL,
    working_group integer,
    project integer,
    checkin_code character varying(32) DEFAULT NULL::character varying,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: meeting_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.meeting_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: meeting_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.meeting_id_seq OWNED BY public.meeting.id;


--
-- Name: member; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.member (
    id integer NOT NULL,
    ref character varying(64) DEFAULT ''::character varying NOT NULL,
    network integer NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    siret character varying(14) DEFAULT NULL::character varying,
    legal_form character varying(64) DEFAULT ''::character varying NOT NULL,
    departement character varying(3) DEFAULT ''::character varying NOT NULL,
    commune character varying(100) DEFAULT ''::character varying NOT NULL,
    employer boolean DEFAULT false NOT NULL,
    headcount_fte numeric(8,2) DEFAULT NULL::numeric,
    tier character varying(32) DEFAULT 'member'::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    budget_bracket character varying(32) DEFAULT ''::character varying NOT NULL,
    disciplines character varying(64)[] DEFAULT '{}'::character varying[] NOT NULL
);


--
-- Name: member_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.member_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: member_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.member_id_seq OWNED BY public.member.id;


--
-- Name: membership; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.membership (
    id integer NOT NULL,
    network integer NOT NULL,
    member integer NOT NULL,
    starts_on date DEFAULT CURRENT_DATE NOT NULL,
    ends_on date,
    status character varying(16) DEFAULT 'active'::character varying NOT NULL,
    reason character varying(500) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    end_reason character varying(500) DEFAULT ''::character varying NOT NULL
);


--
-- Name: membership_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.membership_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: membership_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.membership_id_seq OWNED BY public.membership.id;


--
-- Name: migration; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.migration (
    id integer NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    app_name character varying(200) DEFAULT ''::character varying NOT NULL,
    ran_on timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: migration_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.migration_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: migration_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.migration_id_seq OWNED BY public.migration.id;


--
-- Name: network; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.network (
    id integer NOT NULL,
    ref character varying(64) DEFAULT ''::character varying NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    territory character varying(200) DEFAULT ''::character varying NOT NULL,
    period_kind character varying(24) DEFAULT 'season'::character varying NOT NULL,
    timezone character varying(64) DEFAULT 'Europe/Paris'::character varying NOT NULL,
    parent integer,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    checkin_max_people integer DEFAULT 5 NOT NULL
);


--
-- Name: network_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.network_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: network_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.network_id_seq OWNED BY public.network.id;


--
-- Name: password_reset; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.password_reset (
    id integer NOT NULL,
    account integer NOT NULL,
    secret_hash character varying(64) DEFAULT ''::character varying NOT NULL,
    expires_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    used_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: password_reset_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.password_reset_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: password_reset_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.password_reset_id_seq OWNED BY public.password_reset.id;


--
-- Name: person; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.person (
    id integer NOT NULL,
    ref character varying(64) DEFAULT ''::character varying NOT NULL,
    network integer NOT NULL,
    member integer NOT NULL,
    first_name character varying(100) DEFAULT ''::character varying NOT NULL,
    last_name character varying(100) DEFAULT ''::character varying NOT NULL,
    email character varying(254) DEFAULT NULL::character varying,
    phone character varying(32) DEFAULT ''::character varying NOT NULL,
    role character varying(100) DEFAULT ''::character varying NOT NULL,
    consent_contact boolean DEFAULT false NOT NULL,
    consent_directory boolean DEFAULT false NOT NULL,
    erased_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: person_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.person_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: person_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.person_id_seq OWNED BY public.person.id;


--
-- Name: project_partner; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.project_partner (
    id integer NOT NULL,
    network integer NOT NULL,
    project integer NOT NULL,
    member integer NOT NULL
);


--
-- Name: project_partner_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.project_partner_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: project_partner_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.project_partner_id_seq OWNED BY public.project_partner.id;


--
-- Name: rate; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rate (
    id integer NOT NULL,
    network integer NOT NULL,
    form character varying(16) DEFAULT ''::character varying NOT NULL,
    category character varying(64) DEFAULT ''::character varying NOT NULL,
    eur_per_unit_cents bigint DEFAULT 0 NOT NULL,
    unit character varying(16) DEFAULT ''::character varying NOT NULL,
    effective_from date DEFAULT CURRENT_DATE NOT NULL,
    method text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: rate_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.rate_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: rate_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.rate_id_seq OWNED BY public.rate.id;


--
-- Name: reminder; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reminder (
    id integer NOT NULL,
    network integer NOT NULL,
    member integer NOT NULL,
    day date DEFAULT CURRENT_DATE NOT NULL,
    period_start date DEFAULT CURRENT_DATE NOT NULL,
    period_end date DEFAULT CURRENT_DATE NOT NULL,
    status character varying(16) DEFAULT ''::character varying NOT NULL,
    recipients text DEFAULT '[]'::text NOT NULL,
    subject character varying(300) DEFAULT ''::character varying NOT NULL,
    body text DEFAULT ''::text NOT NULL,
    message_id character varying(300) DEFAULT ''::character varying NOT NULL,
    error character varying(500) DEFAULT ''::character varying NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    snapshot integer,
    claimed_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    sent_at timestamp with time zone
);


--
-- Name: reminder_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.reminder_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: reminder_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.reminder_id_seq OWNED BY public.reminder.id;


--
-- Name: rule_set; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rule_set (
    id integer NOT NULL,
    ref character varying(64) DEFAULT ''::character varying NOT NULL,
    network integer NOT NULL,
    effective_from date DEFAULT CURRENT_DATE NOT NULL,
    period_kind character varying(32) DEFAULT ''::character varying NOT NULL,
    grace_days integer DEFAULT 0 NOT NULL,
    criteria text DEFAULT ''::text NOT NULL,
    tiers text DEFAULT '[]'::text NOT NULL,
    created_by integer,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: rule_set_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.rule_set_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: rule_set_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.rule_set_id_seq OWNED BY public.rule_set.id;


--
-- Name: shared_project; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.shared_project (
    id integer NOT NULL,
    ref character varying(64) DEFAULT ''::character varying NOT NULL,
    network integer NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    lead integer NOT NULL,
    starts_on date DEFAULT CURRENT_DATE NOT NULL,
    ends_on date,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: shared_project_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.shared_project_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: shared_project_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.shared_project_id_seq OWNED BY public.shared_project.id;


--
-- Name: tier; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tier (
    id integer NOT NULL,
    network integer NOT NULL,
    code character varying(32) DEFAULT ''::character varying NOT NULL,
    label character varying(100) DEFAULT ''::character varying NOT NULL,
    "position" bigint DEFAULT 0 NOT NULL
);


--
-- Name: tier_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.tier_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tier_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.tier_id_seq OWNED BY public.tier.id;


--
-- Name: valuation_policy; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.valuation_policy (
    id integer NOT NULL,
    network integer NOT NULL,
    charge_coefficient_milli integer DEFAULT 0 NOT NULL,
    method text DEFAULT ''::text NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: valuation_policy_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.valuation_policy_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: valuation_policy_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.valuation_policy_id_seq OWNED BY public.valuation_policy.id;


--
-- Name: working_group; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.working_group (
    id integer NOT NULL,
    ref character varying(64) DEFAULT ''::character varying NOT NULL,
    network integer NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: working_group_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.working_group_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: working_group_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.working_group_id_seq OWNED BY public.working_group.id;


--
-- Name: access_generation id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access_generation ALTER COLUMN id SET DEFAULT nextval('public.access_generation_id_seq'::regclass);


--
-- Name: access_grant id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access_grant ALTER COLUMN id SET DEFAULT nextval('public.access_grant_id_seq'::regclass);


--
-- Name: account id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.account ALTER COLUMN id SET DEFAULT nextval('public.account_id_seq'::regclass);


--
-- Name: attachment_request id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment_request ALTER COLUMN id SET DEFAULT nextval('public.attachment_request_id_seq'::regclass);


--
-- Name: attendance id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attendance ALTER COLUMN id SET DEFAULT nextval('public.attendance_id_seq'::regclass);


--
-- Name: audit_entry id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_entry ALTER COLUMN id SET DEFAULT nextval('public.audit_entry_id_seq'::regclass);


--
-- Name: case_answer id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_answer ALTER COLUMN id SET DEFAULT nextval('public.case_answer_id_seq'::regclass);


--
-- Name: case_decision id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_decision ALTER COLUMN id SET DEFAULT nextval('public.case_decision_id_seq'::regclass);


--
-- Name: contribution id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contribution ALTER COLUMN id SET DEFAULT nextval('public.contribution_id_seq'::regclass);


--
-- Name: credential id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.credential ALTER COLUMN id SET DEFAULT nextval('public.credential_id_seq'::regclass);


--
-- Name: due id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.due ALTER COLUMN id SET DEFAULT nextval('public.due_id_seq'::regclass);


--
-- Name: enforcement_case id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enforcement_case ALTER COLUMN id SET DEFAULT nextval('public.enforcement_case_id_seq'::regclass);


--
-- Name: enforcement_policy id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enforcement_policy ALTER COLUMN id SET DEFAULT nextval('public.enforcement_policy_id_seq'::regclass);


--
-- Name: enrolment id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enrolment ALTER COLUMN id SET DEFAULT nextval('public.enrolment_id_seq'::regclass);


--
-- Name: evaluation_snapshot id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evaluation_snapshot ALTER COLUMN id SET DEFAULT nextval('public.evaluation_snapshot_id_seq'::regclass);


--
-- Name: exemption id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.exemption ALTER COLUMN id SET DEFAULT nextval('public.exemption_id_seq'::regclass);


--
-- Name: import_mapping id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_mapping ALTER COLUMN id SET DEFAULT nextval('public.import_mapping_id_seq'::regclass);


--
-- Name: invitation id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitation ALTER COLUMN id SET DEFAULT nextval('public.invitation_id_seq'::regclass);


--
-- Name: login_throttle id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_throttle ALTER COLUMN id SET DEFAULT nextval('public.login_throttle_id_seq'::regclass);


--
-- Name: meeting id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.meeting ALTER COLUMN id SET DEFAULT nextval('public.meeting_id_seq'::regclass);


--
-- Name: member id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.member ALTER COLUMN id SET DEFAULT nextval('public.member_id_seq'::regclass);


--
-- Name: membership id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership ALTER COLUMN id SET DEFAULT nextval('public.membership_id_seq'::regclass);


--
-- Name: migration id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.migration ALTER COLUMN id SET DEFAULT nextval('public.migration_id_seq'::regclass);


--
-- Name: network id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.network ALTER COLUMN id SET DEFAULT nextval('public.network_id_seq'::regclass);


--
-- Name: password_reset id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset ALTER COLUMN id SET DEFAULT nextval('public.password_reset_id_seq'::regclass);


--
-- Name: person id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person ALTER COLUMN id SET DEFAULT nextval('public.person_id_seq'::regclass);


--
-- Name: project_partner id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_partner ALTER COLUMN id SET DEFAULT nextval('public.project_partner_id_seq'::regclass);


--
-- Name: rate id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rate ALTER COLUMN id SET DEFAULT nextval('public.rate_id_seq'::regclass);


--
-- Name: reminder id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reminder ALTER COLUMN id SET DEFAULT nextval('public.reminder_id_seq'::regclass);


--
-- Name: rule_set id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rule_set ALTER COLUMN id SET DEFAULT nextval('public.rule_set_id_seq'::regclass);


--
-- Name: shared_project id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shared_project ALTER COLUMN id SET DEFAULT nextval('public.shared_project_id_seq'::regclass);


--
-- Name: tier id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tier ALTER COLUMN id SET DEFAULT nextval('public.tier_id_seq'::regclass);


--
-- Name: valuation_policy id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.valuation_policy ALTER COLUMN id SET DEFAULT nextval('public.valuation_policy_id_seq'::regclass);


--
-- Name: working_group id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.working_group ALTER COLUMN id SET DEFAULT nextval('public.working_group_id_seq'::regclass);


--
-- Data for Name: access_generation; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.access_generation VALUES
	(1, '185ec730efbbf7b36cc73742e8c5199a');


--
-- Data for Name: access_grant; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.access_grant VALUES
	(1, 2, 1, 'coordinator', NULL, NULL, NULL, '2026-12-06 23:08:39.185101+00', NULL),
	(2, 3, 1, 'member', 6, NULL, NULL, '2026-12-06 23:08:39.293706+00', NULL),
	(3, 4, 1, 'member', 8, NULL, NULL, '2026-12-06 23:08:39.405305+00', NULL),
	(4, 5, 1, 'consultant', NULL, '2027-12-06', NULL, '2026-12-06 23:08:39.512596+00', NULL);


--
-- Data for Name: account; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.account VALUES
	(1, 'admin@demo.raviv.test', 'Administration', '$argon2id$v=19$m=65536,t=3,p=4$ESF/VAeonjVagxKHvo3NVQ$WoN+Jmq7jjVZNjOBBJTouAkrg2v+rOR8/mnRvMw4+64', true, true, NULL, NULL, '2026-12-06 23:08:39.08236+00'),
	(2, 'camille@demo.raviv.test', 'Camille (coordination)', '$argon2id$v=19$m=65536,t=3,p=4$REwO3tu8nXAAW2D8VwVnmA$aqmJl90mgy3NE32mRM9kcsuFAYc6HcAToh4o4+Rjk+Q', false, true, NULL, NULL, '2026-12-06 23:08:39.182886+00'),
	(3, 'karim@demo.raviv.test', 'Karim (Compagnie Brigitte Dupuis)', '$argon2id$v=19$m=65536,t=3,p=4$AMDelUnldLIAqJO6V9PRPA$J9vHJ6cw+Avqu0RjN6Y1cEv4wK31vx38v8EjhKRd0ac', false, true, NULL, NULL, '2026-12-06 23:08:39.291056+00'),
	(4, 'mallory@demo.raviv.test', 'Mallory (Cie Cascade Têtue)', '$argon2id$v=19$m=65536,t=3,p=4$6wlyXQsKJ9l4fPY9nv1mOA$vZLwpdem2qyOiUrR+VuaVOofnnjZWXsQjJJBCBgUNhM', false, true, NULL, NULL, '2026-12-06 23:08:39.402893+00'),
	(5, 'sophie@demo.raviv.test', 'Sophie (DLA)', '$argon2id$v=19$m=65536,t=3,p=4$WGHuyBVsa0yjkV/+H4lfyg$D/c6jGn1sbkMIphCtuaoh78Y/I1Owaw1wu4JtFIBCEk', false, true, NULL, NULL, '2026-12-06 23:08:39.510298+00');


--
-- Data for Name: attachment_request; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: attendance; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.attendance VALUES
	(1, 1, 2, 2, 2, false, '', '2026-12-06 23:08:38.951602+00'),
	(2, 1, 3, 8, 1, false, '', '2026-12-06 23:08:38.951618+00'),
	(3, 1, 3, 1, 2, false, '', '2026-12-06 23:08:38.951629+00'),
	(4, 1, 3, 7, 1, false, '', '2026-12-06 23:08:38.951639+00'),
	(5, 1, 4, 1, 1, false, '', '2026-12-06 23:08:38.95165+00'),
	(6, 1, 4, 7, 1, false, '', '2026-12-06 23:08:38.95166+00'),
	(7, 1, 4, 9, 1, false, '', '2026-12-06 23:08:38.95167+00'),
	(8, 1, 4, 10, NULL, true, '', '2026-12-06 23:08:38.95168+00'),
	(9, 1, 5, 8, 1, false, '', '2026-12-06 23:08:38.95169+00'),
	(10, 1, 5, 5, 1, false, '', '2026-12-06 23:08:38.9517+00'),
	(11, 1, 5, 1, NULL, true, '', '2026-12-06 23:08:38.951709+00'),
	(12, 1, 5, 7, 1, false, '', '2026-12-06 23:08:38.951718+00'),
	(13, 1, 5, 9, 1, false, '', '2026-12-06 23:08:38.951728+00'),
	(14, 1, 6, 6, 2, false, '', '2026-12-06 23:08:38.951738+00'),
	(15, 1, 6, 2, 1, false, '', '2026-12-06 23:08:38.951747+00'),
	(16, 1, 8, 8, 1, false, '', '2026-12-06 23:08:38.951757+00'),
	(17, 1, 8, 1, 1, false, '', '2026-12-06 23:08:38.951767+00'),
	(18, 1, 8, 7, 1, false, '', '2026-12-06 23:08:38.951776+00'),
	(19, 1, 9, 6, 1, false, '', '2026-12-06 23:08:38.951786+00'),
	(20, 1, 9, 8, 1, false, '', '2026-12-06 23:08:38.951795+00'),
	(21, 1, 9, 5, 1, false, '', '2026-12-06 23:08:38.951805+00'),
	(22, 1, 9, 1, 2, false, '', '2026-12-06 23:08:38.951814+00'),
	(23, 1, 9, 7, 1, false, '', '2026-12-06 23:08:38.951824+00'),
	(24, 1, 9, 4, 1, false, '', '2026-12-06 23:08:38.951833+00'),
	(25, 1, 9, 2, 1, false, '', '2026-12-06 23:08:38.951842+00'),
	(26, 1, 9, 9, 1, false, '', '2026-12-06 23:08:38.951851+00'),
	(27, 1, 9, 11, 3, false, '', '2026-12-06 23:08:38.951861+00'),
	(28, 1, 9, 10, 2, false, '', '2026-12-06 23:08:38.95187+00'),
	(29, 1, 10, 2, 1, false, '', '2026-12-06 23:08:38.95188+00'),
	(30, 1, 10, 11, NULL, true, '', '2026-12-06 23:08:38.951889+00'),
	(31, 1, 11, 4, 1, false, '', '2026-12-06 23:08:38.951899+00'),
	(32, 1, 11, 2, 1, false, '', '2026-12-06 23:08:38.951908+00'),
	(33, 1, 13, 1, 1, false, '', '2026-12-06 23:08:38.951917+00'),
	(34, 1, 13, 7, 1, false, '', '2026-12-06 23:08:38.951927+00'),
	(35, 1, 13, 9, 1, false, '', '2026-12-06 23:08:38.951936+00'),
	(36, 1, 13, 10, 2, false, '', '2026-12-06 23:08:38.951945+00'),
	(37, 1, 14, 7, 1, false, '', '2026-12-06 23:08:38.951954+00'),
	(38, 1, 14, 2, 1, false, '', '2026-12-06 23:08:38.951964+00'),
	(39, 1, 15, 8, 1, false, '', '2026-12-06 23:08:38.951973+00'),
	(40, 1, 15, 5, 1, false, '', '2026-12-06 23:08:38.951982+00'),
	(41, 1, 15, 1, 1, false, '', '2026-12-06 23:08:38.951991+00'),
	(42, 1, 15, 7, 2, false, '', '2026-12-06 23:08:38.952001+00'),
	(43, 1, 15, 9, 1, false, '', '2026-12-06 23:08:38.95201+00'),
	(44, 1, 15, 11, 1, false, '', '2026-12-06 23:08:38.952019+00'),
	(45, 1, 17, 4, 1, false, '', '2026-12-06 23:08:38.952029+00'),
	(46, 1, 18, 1, 1, false, '', '2026-12-06 23:08:38.952038+00'),
	(47, 1, 18, 7, 1, false, '', '2026-12-06 23:08:38.952048+00'),
	(48, 1, 18, 9, 2, false, '', '2026-12-06 23:08:38.952057+00'),
	(49, 1, 18, 10, 2, false, '', '2026-12-06 23:08:38.952066+00'),
	(50, 1, 19, 6, 1, false, '', '2026-12-06 23:08:38.952075+00'),
	(51, 1, 21, 11, 2, false, '', '2026-12-06 23:08:38.952085+00'),
	(52, 1, 21, 10, 1, false, '', '2026-12-06 23:08:38.952094+00'),
	(53, 1, 22, 6, 1, false, '', '2026-12-06 23:08:38.952103+00'),
	(54, 1, 22, 8, 1, false, '', '2026-12-06 23:08:38.952113+00'),
	(55, 1, 22, 1, 1, false, '', '2026-12-06 23:08:38.952122+00'),
	(56, 1, 22, 7, NULL, true, '', '2026-12-06 23:08:38.952132+00'),
	(57, 1, 22, 10, 1, false, '', '2026-12-06 23:08:38.952141+00'),
	(58, 1, 23, 1, 1, false, '', '2026-12-06 23:08:38.95215+00'),
	(59, 1, 23, 7, 1, false, '', '2026-12-06 23:08:38.952159+00'),
	(60, 1, 23, 9, 1, false, '', '2026-12-06 23:08:38.952169+00'),
	(61, 1, 25, 8, 1, false, '', '2026-12-06 23:08:38.952178+00'),
	(62, 1, 25, 12, 1, false, '', '2026-12-06 23:08:38.952188+00'),
	(63, 1, 26, 8, 1, false, '', '2026-12-06 23:08:38.952197+00'),
	(64, 1, 26, 1, 1, false, '', '2026-12-06 23:08:38.952206+00'),
	(65, 1, 26, 7, 1, false, '', '2026-12-06 23:08:38.952216+00'),
	(66, 1, 26, 9, 1, false, '', '2026-12-06 23:08:38.952226+00'),
	(67, 1, 26, 10, 1, false, '', '2026-12-06 23:08:38.952235+00'),
	(68, 1, 27, 11, 1, false, '', '2026-12-06 23:08:38.952245+00'),
	(69, 1, 27, 10, 1, false, '', '2026-12-06 23:08:38.952254+00'),
	(70, 1, 29, 1, 1, false, '', '2026-12-06 23:08:38.952264+00'),
	(71, 1, 29, 7, 3, false, '', '2026-12-06 23:08:38.952273+00'),
	(72, 1, 29, 9, 1, false, '', '2026-12-06 23:08:38.952282+00'),
	(73, 1, 30, 6, 1, false, '', '2026-12-06 23:08:38.952292+00'),
	(74, 1, 31, 8, 3, false, '', '2026-12-06 23:08:38.952301+00'),
	(75, 1, 31, 1, 1, false, '', '2026-12-06 23:08:38.952311+00'),
	(76, 1, 31, 7, 1, false, '', '2026-12-06 23:08:38.95232+00'),
	(77, 1, 31, 9, 1, false, '', '2026-12-06 23:08:38.95233+00'),
	(78, 1, 31, 12, 1, false, '', '2026-12-06 23:08:38.95234+00'),
	(79, 1, 31, 10, 1, false, '', '2026-12-06 23:08:38.952349+00'),
	(80, 1, 34, 1, 1, false, '', '2026-12-06 23:08:38.952358+00'),
	(81, 1, 34, 7, 1, false, '', '2026-12-06 23:08:38.952367+00'),
	(82, 1, 34, 9, 2, false, '', '2026-12-06 23:08:38.952377+00'),
	(83, 1, 34, 10, 1, false, '', '2026-12-06 23:08:38.952386+00');


--
-- Data for Name: audit_entry; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_entry VALUES
	(1, '2026-12-06 23:08:38.926815+00', NULL, 'cli', 1, 'network.create', 'network', 'demo', NULL, '{"ref":"demo","name":"Réseau démo des arts vivants","territory":"Île-de-France","period_kind":"season","timezone":"Europe/Paris","parent":null,"checkin_max_people":5,"created_at":"2026-12-06T23:08:38.920331Z"}', '', ''),
	(2, '2026-12-06 23:08:38.977969+00', NULL, 'cli', 1, 'network.import', 'network', 'demo', NULL, '{"members":12,"people":14,"memberships":13,"dues":0,"rates":7,"working_groups":4,"enrolments":13,"shared_projects":0,"meetings":34,"attendance":83,"contributions":66,"rule_sets":1,"exemptions":2}', '', ''),
	(3, '2026-12-06 23:08:39.083634+00', NULL, 'cli', NULL, 'account.create', 'account', 'admin@demo.raviv.test', NULL, '{"email":"admin@demo.raviv.test","display_name":"Administration","site_admin":true}', '', ''),
	(4, '2026-12-06 23:08:39.183714+00', NULL, 'cli', NULL, 'account.create', 'account', 'camille@demo.raviv.test', NULL, '{"email":"camille@demo.raviv.test","display_name":"Camille (coordination)","site_admin":false}', '', ''),
	(5, '2026-12-06 23:08:39.186179+00', NULL, 'cli', 1, 'grant.create', 'grant', '1', NULL, '{"account":2,"role":"coordinator","member":null,"ends_on":null}', '', ''),
	(6, '2026-12-06 23:08:39.291924+00', NULL, 'cli', NULL, 'account.create', 'account', 'karim@demo.raviv.test', NULL, '{"email":"karim@demo.raviv.test","display_name":"Karim (Compagnie Brigitte Dupuis)","site_admin":false}', '', ''),
	(7, '2026-12-06 23:08:39.294195+00', NULL, 'cli', 1, 'grant.create', 'grant', '2', NULL, '{"account":3,"role":"member","member":"brigitte-dupuis","ends_on":null}', '', ''),
	(8, '2026-12-06 23:08:39.403765+00', NULL, 'cli', NULL, 'account.create', 'account', 'mallory@demo.raviv.test', NULL, '{"email":"mallory@demo.raviv.test","display_name":"Mallory (Cie Cascade Têtue)","site_admin":false}', '', ''),
	(9, '2026-12-06 23:08:39.40575+00', NULL, 'cli', 1, 'grant.create', 'grant', '3', NULL, '{"account":4,"role":"member","member":"cascade-tetue","ends_on":null}', '', ''),
	(10, '2026-12-06 23:08:39.511206+00', NULL, 'cli', NULL, 'account.create', 'account', 'sophie@demo.raviv.test', NULL, '{"email":"sophie@demo.raviv.test","display_name":"Sophie (DLA)","site_admin":false}', '', ''),
	(11, '2026-12-06 23:08:39.513075+00', NULL, 'cli', 1, 'grant.create', 'grant', '4', NULL, '{"account":5,"role":"consultant","member":null,"ends_on":"2027-12-06"}', '', '');


--
-- Data for Name: case_answer; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: case_decision; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: contribution; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.contribution VALUES
	(1, 'c1', 1, 2, 'network', NULL, NULL, NULL, 'time', 'hours', '', 1500, '2025-09-01', 'Mise à jour du site du réseau', '', 'validated', '', NULL, 1503, 2255, NULL, NULL, NULL, '2026-12-06 23:08:38.958175+00', NULL, NULL),
	(2, 'c2', 1, 9, 'network', NULL, NULL, NULL, 'time', 'hours', '', 2500, '2025-09-04', '', '', 'validated', '', NULL, 1503, 3758, NULL, NULL, NULL, '2026-12-06 23:08:38.958303+00', NULL, NULL),
	(3, 'c3', 1, 8, 'member', 11, NULL, NULL, 'premises', 'room-hours', '', 8000, '2025-09-09', '', '', 'validated', '', NULL, 1200, 9600, NULL, NULL, NULL, '2026-12-06 23:08:38.958421+00', NULL, NULL),
	(4, 'c4', 1, 8, 'member', 4, NULL, NULL, 'knowledge', 'hours', '', 1500, '2025-09-11', 'Modèle de contrat de cession', '', 'validated', '', NULL, 1503, 2255, NULL, NULL, NULL, '2026-12-06 23:08:38.958533+00', NULL, NULL),
	(5, 'c5', 1, 8, 'member', 4, NULL, NULL, 'equipment', 'item-days', '', 10000, '2025-09-11', 'Prêt d''un kit lumière', '', 'validated', '', NULL, 2000, 20000, NULL, NULL, NULL, '2026-12-06 23:08:38.958677+00', NULL, NULL),
	(6, 'c6', 1, 10, 'network', NULL, NULL, NULL, 'knowledge', 'hours', '', 1000, '2025-09-11', 'Conseils sur la licence d''entrepreneur de spectacles', '', 'validated', '', NULL, 1503, 1503, NULL, NULL, NULL, '2026-12-06 23:08:38.958789+00', NULL, NULL),
	(7, 'c7', 1, 11, 'member', 7, NULL, NULL, 'premises', 'room-hours', '', 8000, '2025-09-12', '', '', 'validated', '', NULL, 1200, 9600, NULL, NULL, NULL, '2026-12-06 23:08:38.9589+00', NULL, NULL),
	(8, 'c8', 1, 9, 'member', 3, NULL, NULL, 'equipment', 'item-days', '', 4000, '2025-09-14', '', '', 'validated', '', NULL, 2000, 8000, NULL, NULL, NULL, '2026-12-06 23:08:38.959019+00', NULL, NULL),
	(9, 'c9', 1, 1, 'member', 5, NULL, NULL, 'coproduction', 'hours', '', 4000, '2025-10-02', 'Résidence croisée', '', 'validated', '', NULL, 1503, 6012, NULL, NULL, NULL, '2026-12-06 23:08:38.95913+00', NULL, NULL),
	(10, 'c10', 1, 8, 'network', NULL, NULL, NULL, 'premises', 'room-hours', '', 24000, '2025-10-03', 'Plateau pour une résidence', '', 'validated', '', NULL, 1200, 28800, NULL, NULL, NULL, '2026-12-06 23:08:38.959239+00', NULL, NULL),
	(11, 'c11', 1, 2, 'group', NULL, 1, NULL, 'time', 'hours', '', 4000, '2025-10-18', 'Mise à jour du site du réseau', '', 'validated', '', NULL, 1503, 6012, NULL, NULL, NULL, '2026-12-06 23:08:38.959349+00', NULL, NULL),
	(12, 'c12', 1, 1, 'network', NULL, NULL, NULL, 'time', 'hours', '', 6000, '2025-10-20', 'Relecture du dossier DLA', '', 'validated', '', NULL, 1503, 9018, NULL, NULL, NULL, '2026-12-06 23:08:38.959457+00', NULL, NULL),
	(13, 'c13', 1, 1, 'member', 5, NULL, NULL, 'equipment', 'item-days', '', 2000, '2025-11-05', 'Prêt de praticables', '', 'validated', '', NULL, 2000, 4000, NULL, NULL, NULL, '2026-12-06 23:08:38.959566+00', NULL, NULL),
	(14, 'c14', 1, 11, 'network', NULL, NULL, NULL, 'time', 'hours', '', 4000, '2025-11-22', 'Tenue du stand au forum des associations', '', 'validated', '', NULL, 1503, 6012, NULL, NULL, NULL, '2026-12-06 23:08:38.959673+00', NULL, NULL),
	(15, 'c15', 1, 2, 'network', NULL, NULL, NULL, 'time', 'hours', '', 1500, '2025-11-27', 'Mise à jour du site du réseau', '', 'validated', '', NULL, 1503, 2255, NULL, NULL, NULL, '2026-12-06 23:08:38.959779+00', NULL, NULL),
	(16, 'c16', 1, 10, 'network', NULL, NULL, NULL, 'time', 'hours', '', 2000, '2025-12-05', 'Préparation de l''assemblée générale', '', 'validated', '', NULL, 1503, 3006, NULL, NULL, NULL, '2026-12-06 23:08:38.959886+00', NULL, NULL),
	(17, 'c17', 1, 5, 'group', NULL, 3, NULL, 'knowledge', 'hours', '', 1500, '2025-12-15', '', '', 'validated', '', NULL, 1503, 2255, NULL, NULL, NULL, '2026-12-06 23:08:38.959998+00', NULL, NULL),
	(18, 'c18', 1, 2, 'group', NULL, 1, NULL, 'time', 'hours', '', 1000, '2025-12-21', 'Organisation de la journée de rentrée', '', 'validated', '', NULL, 1503, 1503, NULL, NULL, NULL, '2026-12-06 23:08:38.960105+00', NULL, NULL),
	(19, 'c19', 1, 4, 'member', 7, NULL, NULL, 'premises', 'room-hours', '', 24000, '2025-12-25', 'Studio de répétition', '', 'validated', '', NULL, 1200, 28800, NULL, NULL, NULL, '2026-12-06 23:08:38.960213+00', NULL, NULL),
	(20, 'c20', 1, 1, 'member', 10, NULL, NULL, 'knowledge', 'hours', '', 2000, '2025-12-29', '', '', 'validated', '', NULL, 1503, 3006, NULL, NULL, NULL, '2026-12-06 23:08:38.960319+00', NULL, NULL),
	(21, 'c21', 1, 8, 'group', NULL, 3, NULL, 'time', 'hours', '', 5000, '2026-01-07', 'Quantité à justifier', '', 'rejected', '', NULL, NULL, NULL, NULL, NULL, NULL, '2026-12-06 23:08:38.960424+00', NULL, NULL),
	(22, 'c22', 1, 7, 'network', NULL, NULL, NULL, 'time', 'hours', '', 1000, '2026-01-15', 'Quantité à justifier', '', 'rejected', '', NULL, NULL, NULL, NULL, NULL, NULL, '2026-12-06 23:08:38.960529+00', NULL, NULL),
	(23, 'c23', 1, 5, 'group', NULL, 3, NULL, 'knowledge', 'hours', '', 1500, '2026-01-23', 'Conseils sur la licence d''entrepreneur de spectacles', '', 'validated', '', NULL, 1503, 2255, NULL, NULL, NULL, '2026-12-06 23:08:38.960636+00', NULL, NULL),
	(24, 'c24', 1, 8, 'member', 9, NULL, NULL, 'knowledge', 'hours', '', 1000, '2026-02-02', 'Retour d''expérience sur une demande de subvention', '', 'validated', '', NULL, 1503, 1503, NULL, NULL, NULL, '2026-12-06 23:08:38.960743+00', NULL, NULL),
	(25, 'c25', 1, 1, 'member', 5, NULL, NULL, 'premises', 'room-hours', '', 2000, '2026-02-04', 'Bureau partagé', '', 'validated', '', NULL, 1200, 2400, NULL, NULL, NULL, '2026-12-06 23:08:38.96085+00', NULL, NULL),
	(26, 'c26', 1, 8, 'network', NULL, NULL, NULL, 'coproduction', 'hours', '', 6000, '2026-02-16', 'Résidence croisée', '', 'validated', '', NULL, 1503, 9018, NULL, NULL, NULL, '2026-12-06 23:08:38.960958+00', NULL, NULL),
	(27, 'c27', 1, 11, 'network', NULL, NULL, NULL, 'premises', 'room-hours', '', 16000, '2026-02-17', 'Bureau partagé', '', 'validated', '', NULL, 1200, 19200, NULL, NULL, NULL, '2026-12-06 23:08:38.961065+00', NULL, NULL),
	(28, 'c28', 1, 8, 'network', NULL, NULL, NULL, 'time', 'hours', '', 5000, '2026-02-20', 'Mise à jour du site du réseau', '', 'validated', '', NULL, 1503, 7515, NULL, NULL, NULL, '2026-12-06 23:08:38.961172+00', NULL, NULL),
	(29, 'c29', 1, 8, 'network', NULL, NULL, NULL, 'time', 'hours', '', 5000, '2026-02-22', 'Mise à jour du site du réseau', '', 'validated', '', NULL, 1503, 7515, NULL, NULL, NULL, '2026-12-06 23:08:38.961279+00', NULL, NULL),
	(30, 'c30', 1, 6, 'member', 8, NULL, NULL, 'coproduction', 'hours', '', 8000, '2026-02-28', 'Festival partagé de quartier', '', 'validated', '', NULL, 1503, 12024, NULL, NULL, NULL, '2026-12-06 23:08:38.96143+00', NULL, NULL),
	(31, 'c31', 1, 8, 'member', 6, NULL, NULL, 'shared_staff', 'hours', '', 70000, '2026-03-16', 'Mise à disposition d''un technicien son', '', 'validated', '', NULL, 1503, 105210, NULL, NULL, NULL, '2026-12-06 23:08:38.961541+00', NULL, NULL),
	(32, 'c32', 1, 8, 'network', NULL, NULL, NULL, 'knowledge', 'hours', '', 6000, '2026-03-17', 'Conseils sur la licence d''entrepreneur de spectacles', '', 'submitted', '', NULL, NULL, NULL, NULL, NULL, NULL, '2026-12-06 23:08:38.961673+00', NULL, NULL),
	(33, 'c33', 1, 4, 'member', 8, NULL, NULL, 'knowledge', 'hours', '', 6000, '2026-03-21', '', '', 'validated', '', NULL, 1503, 9018, NULL, NULL, NULL, '2026-12-06 23:08:38.961786+00', NULL, NULL),
	(34, 'c34', 1, 4, 'network', NULL, NULL, NULL, 'coproduction', 'hours', '', 12000, '2026-03-23', 'Résidence croisée', '', 'validated', '', NULL, 1503, 18036, NULL, NULL, NULL, '2026-12-06 23:08:38.961894+00', NULL, NULL),
	(35, 'c35', 1, 8, 'network', NULL, NULL, NULL, 'time', 'hours', '', 4000, '2026-03-25', 'Mise à jour du site du réseau', '', 'validated', '', NULL, 1503, 6012, NULL, NULL, NULL, '2026-12-06 23:08:38.962003+00', NULL, NULL),
	(36, 'c36', 1, 7, 'member', 9, NULL, NULL, 'shared_staff', 'hours', '', 7000, '2026-04-07', 'Mise à disposition d''une régisseuse', '', 'validated', '', NULL, 1503, 10521, NULL, NULL, NULL, '2026-12-06 23:08:38.96211+00', NULL, NULL),
	(37, 'c37', 1, 5, 'member', 1, NULL, NULL, 'equipment', 'item-days', '', 1000, '2026-04-23', 'Prêt d''un kit lumière', '', 'validated', '', NULL, 2000, 2000, NULL, NULL, NULL, '2026-12-06 23:08:38.962218+00', NULL, NULL),
	(38, 'c38', 1, 4, 'network', NULL, NULL, NULL, 'knowledge', 'hours', '', 4000, '2026-04-28', '', '', 'validated', '', NULL, 1503, 6012, NULL, NULL, NULL, '2026-12-06 23:08:38.962325+00', NULL, NULL),
	(39, 'c39', 1, 5, 'network', NULL, NULL, NULL, 'equipment', 'item-days', '', 2000, '2026-04-30', 'Prêt de praticables', '', 'validated', '', NULL, 2000, 4000, NULL, NULL, NULL, '2026-12-06 23:08:38.962433+00', NULL, NULL),
	(40, 'c40', 1, 1, 'network', NULL, NULL, NULL, 'coproduction', 'hours', '', 8000, '2026-05-02', 'Tournée commune', '', 'validated', '', NULL, 1503, 12024, NULL, NULL, NULL, '2026-12-06 23:08:38.962541+00', NULL, NULL),
	(41, 'c41', 1, 9, 'member', 8, NULL, NULL, 'equipment', 'item-days', '', 4000, '2026-05-05', '', '', 'validated', '', NULL, 2000, 8000, NULL, NULL, NULL, '2026-12-06 23:08:38.962676+00', NULL, NULL),
	(42, 'c42', 1, 11, 'network', NULL, NULL, NULL, 'time', 'hours', '', 4000, '2026-05-15', 'Tenue du stand au forum des associations', '', 'submitted', '', NULL, NULL, NULL, NULL, NULL, NULL, '2026-12-06 23:08:38.962784+00', NULL, NULL),
	(43, 'c43', 1, 11, 'member', 12, NULL, NULL, 'equipment', 'item-days', '', 5000, '2026-05-18', 'Prêt d''un tapis de danse', '', 'validated', '', NULL, 2000, 10000, NULL, NULL, NULL, '2026-12-06 23:08:38.962892+00', NULL, NULL),
	(44, 'c44', 1, 5, 'network', NULL, NULL, NULL, 'equipment', 'item-days', '', 3000, '2026-05-19', 'Prêt d''une console son', '', 'validated', '', NULL, 2000, 6000, NULL, NULL, NULL, '2026-12-06 23:08:38.963+00', NULL, NULL),
	(45, 'c45', 1, 7, 'member', 11, NULL, NULL, 'coproduction', 'hours', '', 6000, '2026-05-21', 'Résidence croisée', '', 'validated', '', NULL, 1503, 9018, NULL, NULL, NULL, '2026-12-06 23:08:38.963109+00', NULL, NULL),
	(46, 'c46', 1, 2, 'member', 12, NULL, NULL, 'coproduction', 'hours', '', 4000, '2026-05-22', 'Festival partagé de quartier', '', 'validated', '', NULL, 1503, 6012, NULL, NULL, NULL, '2026-12-06 23:08:38.963217+00', NULL, NULL),
	(47, 'c47', 1, 7, 'network', NULL, NULL, NULL, 'time', 'hours', '', 6000, '2026-05-23', 'Hors du champ du réseau', '', 'rejected', '', NULL, NULL, NULL, NULL, NULL, NULL, '2026-12-06 23:08:38.963324+00', NULL, NULL),
	(48, 'c48', 1, 9, 'network', NULL, NULL, NULL, 'knowledge', 'hours', '', 3000, '2026-05-29', 'Veille partagée sur les appels à projets', '', 'submitted', '', NULL, NULL, NULL, NULL, NULL, NULL, '2026-12-06 23:08:38.96343+00', NULL, NULL),
	(49, 'c49', 1, 2, 'network', NULL, NULL, NULL, 'time', 'hours', '', 3000, '2026-05-31', '', '', 'submitted', '', NULL, NULL, NULL, NULL, NULL, NULL, '2026-12-06 23:08:38.963537+00', NULL, NULL),
	(50, 'c50', 1, 7, 'member', 11, NULL, NULL, 'premises', 'room-hours', '', 3000, '2026-06-04', 'Salle de réunion', '', 'validated', '', NULL, 1200, 3600, NULL, NULL, NULL, '2026-12-06 23:08:38.963646+00', NULL, NULL),
	(51, 'c51', 1, 7, 'network', NULL, NULL, NULL, 'knowledge', 'hours', '', 4000, '2026-06-07', 'Retour d''expérience sur une demande de subvention', '', 'validated', '', NULL, 1503, 6012, NULL, NULL, NULL, '2026-12-06 23:08:38.963754+00', NULL, NULL),
	(52, 'c52', 1, 11, 'network', NULL, NULL, NULL, 'time', 'hours', '', 6000, '2026-06-10', 'Rédaction de la lettre d''information', '', 'validated', '', NULL, 1503, 9018, NULL, NULL, NULL, '2026-12-06 23:08:38.963862+00', NULL, NULL),
	(53, 'c53', 1, 9, 'network', NULL, NULL, NULL, 'time', 'hours', '', 2500, '2026-06-14', 'Tenue du stand au forum des associations', '', 'validated', '', NULL, 1503, 3758, NULL, NULL, NULL, '2026-12-06 23:08:38.96397+00', NULL, NULL),
	(54, 'c54', 1, 8, 'group', NULL, 3, NULL, 'knowledge', 'hours', '', 4000, '2026-07-04', '', '', 'validated', '', NULL, 1503, 6012, NULL, NULL, NULL, '2026-12-06 23:08:38.964078+00', NULL, NULL),
	(55, 'c55', 1, 7, 'member', 9, NULL, NULL, 'equipment', 'item-days', '', 5000, '2026-07-08', 'Prêt de gradins', '', 'validated', '', NULL, 2000, 10000, NULL, NULL, NULL, '2026-12-06 23:08:38.964185+00', NULL, NULL),
	(56, 'c56', 1, 4, 'member', 12, NULL, NULL, 'knowledge', 'hours', '', 2000, '2026-07-13', 'Modèle de contrat de cession', '', 'validated', '', NULL, 1503, 3006, NULL, NULL, NULL, '2026-12-06 23:08:38.964292+00', NULL, NULL),
	(57, 'c57', 1, 9, 'network', NULL, NULL, NULL, 'knowledge', 'hours', '', 2000, '2026-07-15', 'Initiation à la régie lumière', '', 'validated', '', NULL, 1503, 3006, NULL, NULL, NULL, '2026-12-06 23:08:38.9644+00', NULL, NULL),
	(58, 'c58', 1, 7, 'network', NULL, NULL, NULL, 'knowledge', 'hours', '', 2000, '2026-07-15', 'Modèle de contrat de cession', '', 'validated', '', NULL, 1503, 3006, NULL, NULL, NULL, '2026-12-06 23:08:38.964508+00', NULL, NULL),
	(59, 'c59', 1, 1, 'network', NULL, NULL, NULL, 'time', 'hours', '', 3000, '2026-07-16', '', '', 'submitted', '', NULL, NULL, NULL, NULL, NULL, NULL, '2026-12-06 23:08:38.964614+00', NULL, NULL),
	(60, 'c60', 1, 2, 'member', 12, NULL, NULL, 'knowledge', 'hours', '', 4000, '2026-07-17', 'Retour d''expérience sur une demande de subvention', '', 'validated', '', NULL, 1503, 6012, NULL, NULL, NULL, '2026-12-06 23:08:38.964721+00', NULL, NULL),
	(61, 'c61', 1, 1, 'group', NULL, 3, NULL, 'knowledge', 'hours', '', 6000, '2026-07-22', 'Retour d''expérience sur une demande de subvention', '', 'validated', '', NULL, 1503, 9018, NULL, NULL, NULL, '2026-12-06 23:08:38.964828+00', NULL, NULL),
	(62, 'c62', 1, NULL, 'member', 3, NULL, NULL, 'knowledge', 'hours', '', 6000, '2026-07-26', 'Accompagnement administratif par le réseau', '', 'validated', '', NULL, 1503, 9018, NULL, NULL, NULL, '2026-12-06 23:08:38.964937+00', NULL, NULL),
	(63, 'c63', 1, 9, 'network', NULL, NULL, NULL, 'equipment', 'item-days', '', 3000, '2026-08-02', 'Prêt de praticables', '', 'validated', '', NULL, 2000, 6000, NULL, NULL, NULL, '2026-12-06 23:08:38.965044+00', NULL, NULL),
	(64, 'c64', 1, 1, 'network', NULL, NULL, NULL, 'knowledge', 'hours', '', 3000, '2026-08-03', 'Veille partagée sur les appels à projets', '', 'validated', '', NULL, 1503, 4509, NULL, NULL, NULL, '2026-12-06 23:08:38.965152+00', NULL, NULL),
	(65, 'c65', 1, 5, 'member', 1, NULL, NULL, 'premises', 'room-hours', '', 8000, '2026-08-06', 'Bureau partagé', '', 'validated', '', NULL, 1200, 9600, NULL, NULL, NULL, '2026-12-06 23:08:38.965259+00', NULL, NULL),
	(66, 'c66', 1, NULL, 'member', 3, NULL, NULL, 'equipment', 'item-days', '', 2000, '2026-08-23', 'Parc de matériel du réseau', '', 'validated', '', NULL, 2000, 4000, NULL, NULL, NULL, '2026-12-06 23:08:38.965367+00', NULL, NULL);


--
-- Data for Name: credential; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: due; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: enforcement_case; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: enforcement_policy; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: enrolment; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.enrolment VALUES
	(1, 1, 1, 2, '2025-02-01', '2025-12-31', '2026-12-06 23:08:38.943869+00', false),
	(2, 1, 1, 11, '2025-07-08', NULL, '2026-12-06 23:08:38.943883+00', false),
	(3, 1, 2, 2, '2023-01-02', '2025-12-31', '2026-12-06 23:08:38.943894+00', false),
	(4, 1, 2, 6, '2024-12-06', NULL, '2026-12-06 23:08:38.943905+00', false),
	(5, 1, 2, 12, '2026-03-23', NULL, '2026-12-06 23:08:38.943914+00', false),
	(6, 1, 3, 1, '2022-10-16', NULL, '2026-12-06 23:08:38.943926+00', false),
	(7, 1, 3, 5, '2025-09-23', NULL, '2026-12-06 23:08:38.943936+00', false),
	(8, 1, 3, 7, '2023-02-27', NULL, '2026-12-06 23:08:38.943946+00', false),
	(9, 1, 3, 8, '2024-05-18', NULL, '2026-12-06 23:08:38.943956+00', false),
	(10, 1, 3, 9, '2023-06-12', NULL, '2026-12-06 23:08:38.943966+00', false),
	(11, 1, 3, 10, '2023-05-22', NULL, '2026-12-06 23:08:38.943975+00', false),
	(12, 1, 3, 12, '2026-03-04', NULL, '2026-12-06 23:08:38.943985+00', false),
	(13, 1, 4, 12, '2026-03-25', NULL, '2026-12-06 23:08:38.943995+00', false);


--
-- Data for Name: evaluation_snapshot; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: exemption; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.exemption VALUES
	(1, 1, 8, '"all"', '2025-09-01', 'Congé de création décidé par le CA', '', NULL, NULL, '2026-12-06 23:08:38.977009+00'),
	(2, 1, 2, '["meetings_attended"]', '2025-09-01', 'Tournée à l''étranger une grande partie de la saison', '', NULL, NULL, '2026-12-06 23:08:38.977664+00');


--
-- Data for Name: import_mapping; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: invitation; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: login_throttle; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: meeting; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.meeting VALUES
	(1, 'plaidoyer-1', 1, 'Dialogue avec les collectivités', 'working_group', false, '2025-09-22', NULL, 1500, '', '', 4, NULL, NULL, '2026-12-06 23:08:38.946222+00'),
	(2, 'repetition-1', 1, 'Planning des répétitions', 'working_group', false, '2025-09-22', NULL, 2000, '', '', 1, NULL, NULL, '2026-12-06 23:08:38.946265+00'),
	(3, 'rentree-2025', 1, 'Journée de rentrée du réseau', 'seminar', false, '2025-09-29', NULL, 4000, '', '', NULL, NULL, NULL, '2026-12-06 23:08:38.946303+00'),
	(4, 'ca-2025-1', 1, 'Conseil d''administration', 'board', false, '2025-10-02', NULL, 2500, '', '', NULL, NULL, NULL, '2026-12-06 23:08:38.946339+00'),
	(5, 'communication-1', 1, 'Lettre d''information', 'working_group', false, '2025-10-06', NULL, 1500, '', '', 3, NULL, NULL, '2026-12-06 23:08:38.946375+00'),
	(6, 'emploi-partage-1', 1, 'Étude d''un groupement d''employeurs', 'working_group', false, '2025-10-06', NULL, 2000, '', '', 2, NULL, NULL, '2026-12-06 23:08:38.946413+00'),
	(7, 'plaidoyer-2', 1, 'Note sur le financement de la coopération', 'working_group', false, '2025-11-06', NULL, 3000, '', '', 4, NULL, NULL, '2026-12-06 23:08:38.946449+00'),
	(8, 'communication-2', 1, 'Agenda commun de la saison', 'working_group', false, '2025-11-07', NULL, 2000, '', '', 3, NULL, NULL, '2026-12-06 23:08:38.946487+00'),
	(9, 'ag-2025', 1, 'Assemblée générale', 'general_assembly', true, '2025-11-17', NULL, 3000, '', '', NULL, NULL, NULL, '2026-12-06 23:08:38.946522+00'),
	(10, 'repetition-2', 1, 'Charte d''usage des studios', 'working_group', false, '2025-11-24', NULL, 1500, '', '', 1, NULL, NULL, '2026-12-06 23:08:38.946558+00'),
	(11, 'emploi-partage-2', 1, 'Fiche de poste : régie partagée', 'working_group', false, '2025-11-27', NULL, 1500, '', '', 2, NULL, NULL, '2026-12-06 23:08:38.946593+00'),
	(12, 'plaidoyer-3', 1, 'Préparation du rendez-vous à la DRAC', 'working_group', false, '2025-12-03', NULL, 2000, '', '', 4, NULL, NULL, '2026-12-06 23:08:38.946628+00'),
	(13, 'ca-2025-2', 1, 'Conseil d''administration', 'board', false, '2025-12-08', NULL, 2500, '', '', NULL, NULL, NULL, '2026-12-06 23:08:38.94671+00'),
	(14, 'emploi-partage-3', 1, 'Rencontre avec un groupement d''employeurs', 'working_group', false, '2025-12-25', NULL, 1500, '', '', 2, NULL, NULL, '2026-12-06 23:08:38.946746+00'),
	(15, 'communication-3', 1, 'Refonte du site du réseau', 'working_group', false, '2026-01-08', NULL, 2000, '', '', 3, NULL, NULL, '2026-12-06 23:08:38.946781+00'),
	(16, 'repetition-3', 1, 'Recensement des salles disponibles', 'working_group', false, '2026-01-14', NULL, 1500, '', '', 1, NULL, NULL, '2026-12-06 23:08:38.946815+00'),
	(17, 'plaidoyer-4', 1, 'Contribution à la concertation régionale', 'working_group', false, '2026-01-20', NULL, 1500, '', '', 4, NULL, NULL, '2026-12-06 23:08:38.94685+00'),
	(18, 'ca-2025-3', 1, 'Conseil d''administration', 'board', false, '2026-01-26', NULL, 2500, '', '', NULL, NULL, NULL, '2026-12-06 23:08:38.946884+00'),
	(19, 'emploi-partage-4', 1, 'Bilan des mises à disposition', 'working_group', false, '2026-02-11', NULL, 2000, '', '', 2, NULL, NULL, '2026-12-06 23:08:38.946919+00'),
	(20, 'plaidoyer-5', 1, 'Dialogue avec les collectivités', 'working_group', false, '2026-02-16', NULL, 1500, '', '', 4, NULL, NULL, '2026-12-06 23:08:38.946954+00'),
	(21, 'repetition-4', 1, 'Bilan des lieux', 'working_group', false, '2026-02-17', NULL, 2000, '', '', 1, NULL, NULL, '2026-12-06 23:08:38.946988+00'),
	(22, 'communication-4', 1, 'Présence au forum des associations', 'working_group', false, '2026-02-19', NULL, 2000, '', '', 3, NULL, NULL, '2026-12-06 23:08:38.947022+00'),
	(23, 'ca-2025-4', 1, 'Conseil d''administration', 'board', false, '2026-03-30', NULL, 2500, '', '', NULL, NULL, NULL, '2026-12-06 23:08:38.947057+00'),
	(24, 'emploi-partage-5', 1, 'Étude d''un groupement d''employeurs', 'working_group', false, '2026-04-06', NULL, 3000, '', '', 2, NULL, NULL, '2026-12-06 23:08:38.947091+00'),
	(25, 'plaidoyer-6', 1, 'Note sur le financement de la coopération', 'working_group', false, '2026-04-06', NULL, 2000, '', '', 4, NULL, NULL, '2026-12-06 23:08:38.947125+00'),
	(26, 'communication-5', 1, 'Lettre d''information', 'working_group', false, '2026-04-09', NULL, 2000, '', '', 3, NULL, NULL, '2026-12-06 23:08:38.94716+00'),
	(27, 'repetition-5', 1, 'Planning des répétitions', 'working_group', false, '2026-04-20', NULL, 2000, '', '', 1, NULL, NULL, '2026-12-06 23:08:38.947194+00'),
	(28, 'plaidoyer-7', 1, 'Préparation du rendez-vous à la DRAC', 'working_group', false, '2026-05-04', NULL, 3000, '', '', 4, NULL, NULL, '2026-12-06 23:08:38.947229+00'),
	(29, 'ca-2025-5', 1, 'Conseil d''administration', 'board', false, '2026-05-20', NULL, 2500, '', '', NULL, NULL, NULL, '2026-12-06 23:08:38.947263+00'),
	(30, 'emploi-partage-6', 1, 'Fiche de poste : régie partagée', 'working_group', false, '2026-05-25', NULL, 2000, '', '', 2, NULL, NULL, '2026-12-06 23:08:38.947297+00'),
	(31, 'communication-6', 1, 'Agenda commun de la saison', 'working_group', false, '2026-06-01', NULL, 3000, '', '', 3, NULL, NULL, '2026-12-06 23:08:38.947332+00'),
	(32, 'plaidoyer-8', 1, 'Contribution à la concertation régionale', 'working_group', false, '2026-06-01', NULL, 2000, '', '', 4, NULL, NULL, '2026-12-06 23:08:38.947366+00'),
	(33, 'repetition-6', 1, 'Charte d''usage des studios', 'working_group', false, '2026-06-02', NULL, 1500, '', '', 1, NULL, NULL, '2026-12-06 23:08:38.9474+00'),
	(34, 'ca-2025-6', 1, 'Conseil d''administration', 'board', false, '2026-07-03', NULL, 2500, '', '', NULL, NULL, NULL, '2026-12-06 23:08:38.947434+00');


--
-- Data for Name: member; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.member VALUES
	(1, 'constance-blanchet', 1, 'Compagnie Constance Blanchet', '98051283400022', 'association', '93', 'Saint-Ouen-sur-Seine', false, 0.00, 'board', '2026-12-06 23:08:38.928397+00', '', '{théâtre}'),
	(2, 'grenier', 1, 'Compagnie Grenier', '91963043400026', 'association', '92', 'Montrouge', true, 2.60, 'member', '2026-12-06 23:08:38.92843+00', '', '{cirque}'),
	(3, 'laurence-berthelot', 1, 'Compagnie Laurence Berthelot', '12034628300035', 'sarl', '93', 'Saint-Denis', true, 1.80, 'member', '2026-12-06 23:08:38.928453+00', '', '{danse}'),
	(4, 'etincelle', 1, 'Atelier Étincelle', '56669073100013', 'association', '75', 'Paris', true, 1.30, 'member', '2026-12-06 23:08:38.928476+00', '', '{théâtre}'),
	(5, 'claudine-hamel', 1, 'Compagnie Claudine Hamel', '56366902700036', 'association', '78', 'Poissy', false, 0.00, 'member', '2026-12-06 23:08:38.928496+00', '', '{musique}'),
	(6, 'brigitte-dupuis', 1, 'Compagnie Brigitte Dupuis', '89990712500012', 'association', '93', 'Montreuil', false, 0.00, 'member', '2026-12-06 23:08:38.928516+00', '', '{"arts de la rue"}'),
	(7, 'edouard-masson', 1, 'Compagnie Édouard Masson', '95901695700034', 'association', '93', 'Noisy-le-Sec', true, 0.90, 'board', '2026-12-06 23:08:38.928537+00', '', '{cirque}'),
	(8, 'cascade-tetue', 1, 'Cie Cascade Têtue', '36109392500010', 'association', '95', 'Argenteuil', true, 0.40, 'member', '2026-12-06 23:08:38.928563+00', '', '{danse}'),
	(9, 'rivage-ephemere', 1, 'Collectif Rivage Éphémère', NULL, 'collectif', '95', 'Sarcelles', false, 0.00, 'board', '2026-12-06 23:08:38.928579+00', '', '{"arts de la rue"}'),
	(10, 'thomas-lacroix', 1, 'Compagnie Thomas Lacroix', '69145394800016', 'association', '77', 'Chelles', true, 1.50, 'board', '2026-12-06 23:08:38.928599+00', '', '{marionnette}'),
	(11, 'sextant-tetu', 1, 'Collectif Sextant Têtu', '01883416800017', 'association', '93', 'Pantin', true, 0.30, 'member', '2026-12-06 23:08:38.928618+00', '', '{"arts de la rue"}'),
	(12, 'susan-mallet', 1, 'Compagnie Susan Mallet', NULL, 'association', '77', 'Noisiel', false, 0.00, 'member', '2026-12-06 23:08:38.928633+00', '', '{musique}');


--
-- Data for Name: membership; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.membership VALUES
	(1, 1, 1, '2016-02-04', NULL, 'active', '', '2026-12-06 23:08:38.937247+00', ''),
	(2, 1, 2, '2018-07-31', '2025-12-31', 'active', '', '2026-12-06 23:08:38.937264+00', ''),
	(3, 1, 2, '2026-02-17', NULL, 'active', '', '2026-12-06 23:08:38.937275+00', ''),
	(4, 1, 3, '2022-11-19', NULL, 'active', '', '2026-12-06 23:08:38.937286+00', ''),
	(5, 1, 4, '2022-01-13', NULL, 'active', '', '2026-12-06 23:08:38.937297+00', ''),
	(6, 1, 5, '2023-06-15', NULL, 'active', '', '2026-12-06 23:08:38.937308+00', ''),
	(7, 1, 6, '2024-09-27', NULL, 'active', '', '2026-12-06 23:08:38.937317+00', ''),
	(8, 1, 7, '2018-01-07', NULL, 'active', '', '2026-12-06 23:08:38.937327+00', ''),
	(9, 1, 8, '2023-08-02', NULL, 'active', '', '2026-12-06 23:08:38.937337+00', ''),
	(10, 1, 9, '2015-01-19', NULL, 'active', '', '2026-12-06 23:08:38.937347+00', ''),
	(11, 1, 10, '2023-01-01', NULL, 'active', '', '2026-12-06 23:08:38.937356+00', ''),
	(12, 1, 11, '2024-07-12', NULL, 'active', '', '2026-12-06 23:08:38.937366+00', ''),
	(13, 1, 12, '2026-03-01', NULL, 'active', '', '2026-12-06 23:08:38.937375+00', '');


--
-- Data for Name: migration; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.migration VALUES
	(1, '2026-11-26T09:05:22:266224', 'registry', '2026-12-06 23:08:37.877593'),
	(2, '2026-11-26T09:06:00:000000', 'registry', '2026-12-06 23:08:37.879863'),
	(3, '2026-11-26T10:05:50:089170', 'registry', '2026-12-06 23:08:37.910112'),
	(4, '2026-11-26T10:06:00:000000', 'registry', '2026-12-06 23:08:37.91522'),
	(5, '2026-11-26T10:09:25:262874', 'registry', '2026-12-06 23:08:37.916517'),
	(6, '2026-12-06T14:30:00:000000', 'registry', '2026-12-06 23:08:37.917699'),
	(7, '2026-11-26T11:30:24:761837', 'access', '2026-12-06 23:08:37.961125'),
	(8, '2026-11-26T14:37:41:867279', 'access', '2026-12-06 23:08:37.964632'),
	(9, '2026-11-26T14:38:00:000000', 'access', '2026-12-06 23:08:37.969629'),
	(10, '2026-12-06T08:39:13:157222', 'access', '2026-12-06 23:08:37.976633'),
	(11, '2026-12-06T14:30:00:000000', 'access', '2026-12-06 23:08:37.977892'),
	(12, '2026-11-26T12:24:15:008832', 'ledger', '2026-12-06 23:08:38.04282'),
	(13, '2026-11-26T12:25:00:000000', 'ledger', '2026-12-06 23:08:38.059105'),
	(14, '2026-11-26T15:08:31:090333', 'ledger', '2026-12-06 23:08:38.066959'),
	(15, '2026-12-02T02:38:06:427188', 'ledger', '2026-12-06 23:08:38.068785'),
	(16, '2026-11-26T15:11:36:487890', 'participation', '2026-12-06 23:08:38.091344'),
	(17, '2026-11-26T15:12:00:000000', 'participation', '2026-12-06 23:08:38.09649'),
	(18, '2026-11-26T15:16:29:927171', 'participation', '2026-12-06 23:08:38.104035'),
	(19, '2026-11-26T15:17:00:000000', 'participation', '2026-12-06 23:08:38.106409'),
	(20, '2026-11-26T17:13:21:775814', 'participation', '2026-12-06 23:08:38.145004'),
	(21, '2026-11-26T17:14:00:000000', 'participation', '2026-12-06 23:08:38.150252');


--
-- Data for Name: network; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.network VALUES
	(1, 'demo', 'Réseau démo des arts vivants', 'Île-de-France', 'season', 'Europe/Paris', NULL, '2026-12-06 23:08:38.920331+00', 5);


--
-- Data for Name: password_reset; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: person; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.person VALUES
	(1, 'constance-blanchet-georges', 1, 1, 'Georges', 'Julien', 'georges.julien@constance-blanchet.example', '06 39 98 10 01', 'administration', false, false, NULL, '2026-12-06 23:08:38.937442+00'),
	(2, 'grenier-madeleine', 1, 2, 'Madeleine', 'Henry', 'madeleine.henry@grenier.example', '06 39 98 80 23', 'production', false, false, NULL, '2026-12-06 23:08:38.937457+00'),
	(3, 'laurence-berthelot-maurice', 1, 3, 'Maurice', 'Brunel', 'maurice.brunel@laurence-berthelot.example', '01 99 00 44 76', 'présidence', false, false, NULL, '2026-12-06 23:08:38.93747+00'),
	(4, 'etincelle-astrid', 1, 4, 'Astrid', 'Baudry', 'astrid.baudry@etincelle.example', '06 39 98 36 87', 'direction artistique', false, false, NULL, '2026-12-06 23:08:38.937482+00'),
	(5, 'claudine-hamel-emmanuelle', 1, 5, 'Emmanuelle', 'Foucher', 'emmanuelle.foucher@claudine-hamel.example', '01 99 00 81 84', 'diffusion', false, false, NULL, '2026-12-06 23:08:38.937495+00'),
	(6, 'claudine-hamel-philippine', 1, 5, 'Philippine', 'Lecoq', 'philippine.lecoq@claudine-hamel.example', '06 39 98 08 32', 'production', false, false, NULL, '2026-12-06 23:08:38.937507+00'),
	(7, 'brigitte-dupuis-penelope', 1, 6, 'Pénélope', 'Coste', 'penelope.coste@brigitte-dupuis.example', '06 39 98 64 29', 'production', false, false, NULL, '2026-12-06 23:08:38.937519+00'),
	(8, 'edouard-masson-adrien', 1, 7, 'Adrien', 'Bonneau', 'adrien.bonneau@edouard-masson.example', '06 39 98 44 28', 'direction artistique', false, false, NULL, '2026-12-06 23:08:38.937531+00'),
	(9, 'cascade-tetue-sebastien', 1, 8, 'Sébastien', 'Perrin', 'sebastien.perrin@cascade-tetue.example', '06 39 98 48 20', 'présidence', false, false, NULL, '2026-12-06 23:08:38.937543+00'),
	(10, 'cascade-tetue-catherine', 1, 8, 'Catherine', 'Dubois', 'catherine.dubois@cascade-tetue.example', '06 39 98 94 40', 'présidence', false, false, NULL, '2026-12-06 23:08:38.937555+00'),
	(11, 'rivage-ephemere-sylvie', 1, 9, 'Sylvie', 'Pottier', 'sylvie.pottier@rivage-ephemere.example', '01 99 00 98 24', 'diffusion', false, false, NULL, '2026-12-06 23:08:38.937566+00'),
	(12, 'thomas-lacroix-claudine', 1, 10, 'Claudine', 'Potier', 'claudine.potier@thomas-lacroix.example', '06 39 98 60 33', 'administration', false, false, NULL, '2026-12-06 23:08:38.937578+00'),
	(13, 'sextant-tetu-anastasie', 1, 11, 'Anastasie', 'Deschamps', 'anastasie.deschamps@sextant-tetu.example', '01 99 00 35 97', 'diffusion', false, false, NULL, '2026-12-06 23:08:38.937589+00'),
	(14, 'susan-mallet-adele', 1, 12, 'Adèle', 'Hamon', 'adele.hamon@susan-mallet.example', '06 39 98 72 11', 'présidence', false, false, NULL, '2026-12-06 23:08:38.937601+00');


--
-- Data for Name: project_partner; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: rate; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.rate VALUES
	(1, 1, 'time', '', 1503, 'hours', '2025-09-01', 'SMIC brut horaire 12,02 € × 1,25 (coefficient de charges patronales), arrondi au centime le plus proche', '2026-12-06 23:08:38.941103+00'),
	(2, 1, 'meeting', '', 1503, 'hours', '2025-09-01', '', '2026-12-06 23:08:38.941119+00'),
	(3, 1, 'knowledge', '', 1503, 'hours', '2025-09-01', '', '2026-12-06 23:08:38.941131+00'),
	(4, 1, 'coproduction', '', 1503, 'hours', '2025-09-01', '', '2026-12-06 23:08:38.941142+00'),
	(5, 1, 'shared_staff', '', 1503, 'hours', '2025-09-01', '', '2026-12-06 23:08:38.941153+00'),
	(6, 1, 'equipment', '', 2000, 'item-days', '2025-09-01', 'valeur locative par matériel et par jour', '2026-12-06 23:08:38.941163+00'),
	(7, 1, 'premises', '', 1200, 'room-hours', '2025-09-01', 'valeur locative d''un studio en Île-de-France, par salle et par heure', '2026-12-06 23:08:38.941174+00');


--
-- Data for Name: reminder; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: rule_set; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.rule_set VALUES
	(1, 'regle-2025', 1, '2025-09-01', 'season', 30, '[{"criterion":"meetings_attended","min":3},{"criterion":"hours_given","min":"10"},{"criterion":"mandatory_meetings"},{"criterion":"groups_enrolled","min":1}]', '[]', NULL, '2026-12-06 23:08:38.976249+00');


--
-- Data for Name: shared_project; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: tier; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.tier VALUES
	(1, 1, 'associate', 'Associé', 0),
	(2, 1, 'member', 'Adhérent', 1),
	(3, 1, 'board', 'Membre du CA', 2);


--
-- Data for Name: valuation_policy; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: working_group; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.working_group VALUES
	(1, 'repetition', 1, 'Espaces de répétition partagés', '', '2026-12-06 23:08:38.942388+00'),
	(2, 'emploi-partage', 1, 'Emploi partagé', '', '2026-12-06 23:08:38.942401+00'),
	(3, 'communication', 1, 'Communication', '', '2026-12-06 23:08:38.942409+00'),
	(4, 'plaidoyer', 1, 'Plaidoyer', '', '2026-12-06 23:08:38.942417+00');


--
-- Name: access_generation_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.access_generation_id_seq', 1, false);


--
-- Name: access_grant_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.access_grant_id_seq', 4, true);


--
-- Name: account_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.account_id_seq', 5, true);


--
-- Name: attachment_request_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.attachment_request_id_seq', 1, false);


--
-- Name: attendance_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.attendance_id_seq', 83, true);


--
-- Name: audit_entry_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_entry_id_seq', 11, true);


--
-- Name: case_answer_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.case_answer_id_seq', 1, false);


--
-- Name: case_decision_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.case_decision_id_seq', 1, false);


--
-- Name: contribution_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.contribution_id_seq', 66, true);


--
-- Name: credential_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.credential_id_seq', 1, false);


--
-- Name: due_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.due_id_seq', 1, false);


--
-- Name: enforcement_case_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.enforcement_case_id_seq', 1, false);


--
-- Name: enforcement_policy_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.enforcement_policy_id_seq', 1, false);


--
-- Name: enrolment_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.enrolment_id_seq', 13, true);


--
-- Name: evaluation_snapshot_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.evaluation_snapshot_id_seq', 1, false);


--
-- Name: exemption_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.exemption_id_seq', 2, true);


--
-- Name: import_mapping_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.import_mapping_id_seq', 1, false);


--
-- Name: invitation_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.invitation_id_seq', 1, false);


--
-- Name: login_throttle_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.login_throttle_id_seq', 1, false);


--
-- Name: meeting_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.meeting_id_seq', 34, true);


--
-- Name: member_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.member_id_seq', 12, true);


--
-- Name: membership_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.membership_id_seq', 13, true);


--
-- Name: migration_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.migration_id_seq', 21, true);


--
-- Name: network_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.network_id_seq', 1, true);


--
-- Name: password_reset_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.password_reset_id_seq', 1, false);


--
-- Name: person_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.person_id_seq', 14, true);


--
-- Name: project_partner_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.project_partner_id_seq', 1, false);


--
-- Name: rate_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.rate_id_seq', 7, true);


--
-- Name: reminder_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.reminder_id_seq', 1, false);


--
-- Name: rule_set_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.rule_set_id_seq', 1, true);


--
-- Name: shared_project_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.shared_project_id_seq', 1, false);


--
-- Name: tier_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tier_id_seq', 3, true);


--
-- Name: valuation_policy_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.valuation_policy_id_seq', 1, false);


--
-- Name: working_group_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.working_group_id_seq', 4, true);


--
-- Name: access_generation access_generation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access_generation
    ADD CONSTRAINT access_generation_pkey PRIMARY KEY (id);


--
-- Name: access_grant access_grant_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access_grant
    ADD CONSTRAINT access_grant_pkey PRIMARY KEY (id);


--
-- Name: account account_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.account
    ADD CONSTRAINT account_email_key UNIQUE (email);


--
-- Name: account account_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.account
    ADD CONSTRAINT account_pkey PRIMARY KEY (id);


--
-- Name: attachment_request attachment_request_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment_request
    ADD CONSTRAINT attachment_request_pkey PRIMARY KEY (id);


--
-- Name: attendance attendance_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attendance
    ADD CONSTRAINT attendance_pkey PRIMARY KEY (id);


--
-- Name: audit_entry audit_entry_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_entry
    ADD CONSTRAINT audit_entry_pkey PRIMARY KEY (id);


--
-- Name: case_answer case_answer_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_answer
    ADD CONSTRAINT case_answer_pkey PRIMARY KEY (id);


--
-- Name: case_decision case_decision_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_decision
    ADD CONSTRAINT case_decision_pkey PRIMARY KEY (id);


--
-- Name: contribution contribution_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contribution
    ADD CONSTRAINT contribution_pkey PRIMARY KEY (id);


--
-- Name: credential credential_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.credential
    ADD CONSTRAINT credential_pkey PRIMARY KEY (id);


--
-- Name: credential credential_secret_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.credential
    ADD CONSTRAINT credential_secret_hash_key UNIQUE (secret_hash);


--
-- Name: due due_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.due
    ADD CONSTRAINT due_pkey PRIMARY KEY (id);


--
-- Name: enforcement_case enforcement_case_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enforcement_case
    ADD CONSTRAINT enforcement_case_pkey PRIMARY KEY (id);


--
-- Name: enforcement_policy enforcement_policy_network_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enforcement_policy
    ADD CONSTRAINT enforcement_policy_network_key UNIQUE (network);


--
-- Name: enforcement_policy enforcement_policy_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enforcement_policy
    ADD CONSTRAINT enforcement_policy_pkey PRIMARY KEY (id);


--
-- Name: enrolment enrolment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enrolment
    ADD CONSTRAINT enrolment_pkey PRIMARY KEY (id);


--
-- Name: evaluation_snapshot evaluation_snapshot_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evaluation_snapshot
    ADD CONSTRAINT evaluation_snapshot_pkey PRIMARY KEY (id);


--
-- Name: exemption exemption_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.exemption
    ADD CONSTRAINT exemption_pkey PRIMARY KEY (id);


--
-- Name: import_mapping import_mapping_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_mapping
    ADD CONSTRAINT import_mapping_pkey PRIMARY KEY (id);


--
-- Name: invitation invitation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitation
    ADD CONSTRAINT invitation_pkey PRIMARY KEY (id);


--
-- Name: invitation invitation_secret_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitation
    ADD CONSTRAINT invitation_secret_hash_key UNIQUE (secret_hash);


--
-- Name: login_throttle login_throttle_email_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_throttle
    ADD CONSTRAINT login_throttle_email_key_key UNIQUE (email_key);


--
-- Name: login_throttle login_throttle_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_throttle
    ADD CONSTRAINT login_throttle_pkey PRIMARY KEY (id);


--
-- Name: meeting meeting_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.meeting
    ADD CONSTRAINT meeting_pkey PRIMARY KEY (id);


--
-- Name: member member_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.member
    ADD CONSTRAINT member_pkey PRIMARY KEY (id);


--
-- Name: membership membership_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_pkey PRIMARY KEY (id);


--
-- Name: migration migration_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.migration
    ADD CONSTRAINT migration_pkey PRIMARY KEY (id);


--
-- Name: network network_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.network
    ADD CONSTRAINT network_pkey PRIMARY KEY (id);


--
-- Name: network network_ref_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.network
    ADD CONSTRAINT network_ref_key UNIQUE (ref);


--
-- Name: password_reset password_reset_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset
    ADD CONSTRAINT password_reset_pkey PRIMARY KEY (id);


--
-- Name: password_reset password_reset_secret_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset
    ADD CONSTRAINT password_reset_secret_hash_key UNIQUE (secret_hash);


--
-- Name: person person_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person
    ADD CONSTRAINT person_pkey PRIMARY KEY (id);


--
-- Name: project_partner project_partner_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_partner
    ADD CONSTRAINT project_partner_pkey PRIMARY KEY (id);


--
-- Name: rate rate_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rate
    ADD CONSTRAINT rate_pkey PRIMARY KEY (id);


--
-- Name: reminder reminder_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reminder
    ADD CONSTRAINT reminder_pkey PRIMARY KEY (id);


--
-- Name: rule_set rule_set_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rule_set
    ADD CONSTRAINT rule_set_pkey PRIMARY KEY (id);


--
-- Name: shared_project shared_project_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shared_project
    ADD CONSTRAINT shared_project_pkey PRIMARY KEY (id);


--
-- Name: tier tier_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tier
    ADD CONSTRAINT tier_pkey PRIMARY KEY (id);


--
-- Name: valuation_policy valuation_policy_network_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.valuation_policy
    ADD CONSTRAINT valuation_policy_network_key UNIQUE (network);


--
-- Name: valuation_policy valuation_policy_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.valuation_policy
    ADD CONSTRAINT valuation_policy_pkey PRIMARY KEY (id);


--
-- Name: working_group working_group_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.working_group
    ADD CONSTRAINT working_group_pkey PRIMARY KEY (id);


--
-- Name: access_grant_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX access_grant_account ON public.access_grant USING btree (account);


--
-- Name: access_grant_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX access_grant_network ON public.access_grant USING btree (network);


--
-- Name: attachment_request_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attachment_request_network ON public.attachment_request USING btree (network);


--
-- Name: attachment_request_parent; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attachment_request_parent ON public.attachment_request USING btree (parent);


--
-- Name: attendance_meeting; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attendance_meeting ON public.attendance USING btree (meeting);


--
-- Name: attendance_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attendance_member ON public.attendance USING btree (member);


--
-- Name: attendance_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attendance_network ON public.attendance USING btree (network);


--
-- Name: attendance_once; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX attendance_once ON public.attendance USING btree (meeting, member);


--
-- Name: audit_entry_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_entry_account ON public.audit_entry USING btree (account);


--
-- Name: audit_entry_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_entry_network ON public.audit_entry USING btree (network);


--
-- Name: case_answer_enforcement_case; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_answer_enforcement_case ON public.case_answer USING btree (enforcement_case);


--
-- Name: case_answer_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_answer_network ON public.case_answer USING btree (network);


--
-- Name: case_decision_enforcement_case; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_decision_enforcement_case ON public.case_decision USING btree (enforcement_case);


--
-- Name: case_decision_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_decision_network ON public.case_decision USING btree (network);


--
-- Name: contribution_giver_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX contribution_giver_member ON public.contribution USING btree (giver_member);


--
-- Name: contribution_idempotency; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX contribution_idempotency ON public.contribution USING btree (network, created_by, idempotency_key) WHERE (idempotency_key IS NOT NULL);


--
-- Name: contribution_network_date; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX contribution_network_date ON public.contribution USING btree (network, date);


--
-- Name: contribution_network_ref; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX contribution_network_ref ON public.contribution USING btree (network, ref);


--
-- Name: contribution_receiver_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX contribution_receiver_member ON public.contribution USING btree (receiver_member);


--
-- Name: contribution_reversed_once; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX contribution_reversed_once ON public.contribution USING btree (reverses) WHERE (reverses IS NOT NULL);


--
-- Name: credential_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX credential_account ON public.credential USING btree (account);


--
-- Name: due_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX due_member ON public.due USING btree (member);


--
-- Name: due_member_period; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX due_member_period ON public.due USING btree (member, period_start);


--
-- Name: due_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX due_network ON public.due USING btree (network);


--
-- Name: enforcement_case_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX enforcement_case_member ON public.enforcement_case USING btree (member);


--
-- Name: enforcement_case_member_period; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX enforcement_case_member_period ON public.enforcement_case USING btree (network, member, period_start);


--
-- Name: enforcement_case_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX enforcement_case_network ON public.enforcement_case USING btree (network);


--
-- Name: enforcement_case_ref; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX enforcement_case_ref ON public.enforcement_case USING btree (network, ref);


--
-- Name: enrolment_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX enrolment_member ON public.enrolment USING btree (member);


--
-- Name: enrolment_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX enrolment_network ON public.enrolment USING btree (network);


--
-- Name: enrolment_one_open; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX enrolment_one_open ON public.enrolment USING btree (working_group, member) WHERE (ends_on IS NULL);


--
-- Name: enrolment_working_group; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX enrolment_working_group ON public.enrolment USING btree (working_group);


--
-- Name: evaluation_snapshot_day; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX evaluation_snapshot_day ON public.evaluation_snapshot USING btree (network, period_start, day);


--
-- Name: evaluation_snapshot_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX evaluation_snapshot_network ON public.evaluation_snapshot USING btree (network);


--
-- Name: exemption_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX exemption_member ON public.exemption USING btree (member);


--
-- Name: exemption_member_period; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX exemption_member_period ON public.exemption USING btree (member, period_start);


--
-- Name: exemption_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX exemption_network ON public.exemption USING btree (network);


--
-- Name: import_mapping_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX import_mapping_network ON public.import_mapping USING btree (network);


--
-- Name: invitation_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invitation_network ON public.invitation USING btree (network);


--
-- Name: meeting_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX meeting_network ON public.meeting USING btree (network);


--
-- Name: meeting_network_date; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX meeting_network_date ON public.meeting USING btree (network, date);


--
-- Name: meeting_network_ref; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX meeting_network_ref ON public.meeting USING btree (network, ref);


--
-- Name: member_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX member_network ON public.member USING btree (network);


--
-- Name: member_network_ref; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX member_network_ref ON public.member USING btree (network, ref);


--
-- Name: membership_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX membership_member ON public.membership USING btree (member);


--
-- Name: membership_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX membership_network ON public.membership USING btree (network);


--
-- Name: membership_one_open; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX membership_one_open ON public.membership USING btree (member) WHERE (ends_on IS NULL);


--
-- Name: password_reset_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX password_reset_account ON public.password_reset USING btree (account);


--
-- Name: person_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX person_member ON public.person USING btree (member);


--
-- Name: person_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX person_network ON public.person USING btree (network);


--
-- Name: person_network_ref; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX person_network_ref ON public.person USING btree (network, ref);


--
-- Name: project_partner_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX project_partner_member ON public.project_partner USING btree (member);


--
-- Name: project_partner_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX project_partner_network ON public.project_partner USING btree (network);


--
-- Name: project_partner_once; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX project_partner_once ON public.project_partner USING btree (project, member);


--
-- Name: project_partner_project; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX project_partner_project ON public.project_partner USING btree (project);


--
-- Name: rate_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX rate_network ON public.rate USING btree (network);


--
-- Name: rate_network_form_from; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX rate_network_form_from ON public.rate USING btree (network, form, category, effective_from);


--
-- Name: reminder_member; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX reminder_member ON public.reminder USING btree (member);


--
-- Name: reminder_member_day; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX reminder_member_day ON public.reminder USING btree (network, member, day);


--
-- Name: reminder_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX reminder_network ON public.reminder USING btree (network);


--
-- Name: rule_set_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX rule_set_network ON public.rule_set USING btree (network);


--
-- Name: rule_set_network_from; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX rule_set_network_from ON public.rule_set USING btree (network, effective_from);


--
-- Name: rule_set_network_ref; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX rule_set_network_ref ON public.rule_set USING btree (network, ref);


--
-- Name: shared_project_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX shared_project_network ON public.shared_project USING btree (network);


--
-- Name: shared_project_network_ref; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX shared_project_network_ref ON public.shared_project USING btree (network, ref);


--
-- Name: tier_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tier_network ON public.tier USING btree (network);


--
-- Name: tier_network_code; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX tier_network_code ON public.tier USING btree (network, code);


--
-- Name: working_group_network; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX working_group_network ON public.working_group USING btree (network);


--
-- Name: working_group_network_ref; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX working_group_network_ref ON public.working_group USING btree (network, ref);


--
-- Name: access_grant access_changed_access_grant_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_access_grant_delete AFTER DELETE ON public.access_grant FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: access_grant access_changed_access_grant_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_access_grant_insert AFTER INSERT ON public.access_grant FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: access_grant access_changed_access_grant_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_access_grant_update AFTER UPDATE ON public.access_grant FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: account access_changed_account_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_account_delete AFTER DELETE ON public.account FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: account access_changed_account_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_account_update AFTER UPDATE ON public.account FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: credential access_changed_credential_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_credential_delete AFTER DELETE ON public.credential FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: credential access_changed_credential_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_credential_update AFTER UPDATE ON public.credential FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: member access_changed_member_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_member_delete AFTER DELETE ON public.member FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: member access_changed_member_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_member_update AFTER UPDATE OF ref ON public.member FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: network access_changed_network_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_network_delete AFTER DELETE ON public.network FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: network access_changed_network_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_network_insert AFTER INSERT ON public.network FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: network access_changed_network_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER access_changed_network_update AFTER UPDATE OF parent, ref ON public.network FOR EACH ROW EXECUTE FUNCTION public.raviv_access_changed();


--
-- Name: access_grant access_grant_account_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access_grant
    ADD CONSTRAINT access_grant_account_fkey FOREIGN KEY (account) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: access_grant access_grant_granted_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access_grant
    ADD CONSTRAINT access_grant_granted_by_fkey FOREIGN KEY (granted_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: access_grant access_grant_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access_grant
    ADD CONSTRAINT access_grant_member_fkey FOREIGN KEY (member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: access_grant access_grant_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.access_grant
    ADD CONSTRAINT access_grant_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: attachment_request attachment_request_decided_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment_request
    ADD CONSTRAINT attachment_request_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: attachment_request attachment_request_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment_request
    ADD CONSTRAINT attachment_request_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: attachment_request attachment_request_parent_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment_request
    ADD CONSTRAINT attachment_request_parent_fkey FOREIGN KEY (parent) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: attachment_request attachment_request_requested_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachment_request
    ADD CONSTRAINT attachment_request_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: attendance attendance_meeting_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attendance
    ADD CONSTRAINT attendance_meeting_fkey FOREIGN KEY (meeting) REFERENCES public.meeting(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: attendance attendance_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attendance
    ADD CONSTRAINT attendance_member_fkey FOREIGN KEY (member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: attendance attendance_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attendance
    ADD CONSTRAINT attendance_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: audit_entry audit_entry_account_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_entry
    ADD CONSTRAINT audit_entry_account_fkey FOREIGN KEY (account) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: audit_entry audit_entry_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_entry
    ADD CONSTRAINT audit_entry_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: case_answer case_answer_enforcement_case_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_answer
    ADD CONSTRAINT case_answer_enforcement_case_fkey FOREIGN KEY (enforcement_case) REFERENCES public.enforcement_case(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: case_answer case_answer_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_answer
    ADD CONSTRAINT case_answer_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: case_answer case_answer_written_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_answer
    ADD CONSTRAINT case_answer_written_by_fkey FOREIGN KEY (written_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: case_decision case_decision_decided_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_decision
    ADD CONSTRAINT case_decision_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: case_decision case_decision_enforcement_case_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_decision
    ADD CONSTRAINT case_decision_enforcement_case_fkey FOREIGN KEY (enforcement_case) REFERENCES public.enforcement_case(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: case_decision case_decision_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_decision
    ADD CONSTRAINT case_decision_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: contribution contribution_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contribution
    ADD CONSTRAINT contribution_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: contribution contribution_giver_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contribution
    ADD CONSTRAINT contribution_giver_member_fkey FOREIGN KEY (giver_member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: contribution contribution_meeting_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contribution
    ADD CONSTRAINT contribution_meeting_fkey FOREIGN KEY (meeting) REFERENCES public.meeting(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: contribution contribution_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contribution
    ADD CONSTRAINT contribution_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: contribution contribution_receiver_group_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contribution
    ADD CONSTRAINT contribution_receiver_group_fkey FOREIGN KEY (receiver_group) REFERENCES public.working_group(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: contribution contribution_receiver_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contribution
    ADD CONSTRAINT contribution_receiver_member_fkey FOREIGN KEY (receiver_member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: contribution contribution_receiver_project_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contribution
    ADD CONSTRAINT contribution_receiver_project_fkey FOREIGN KEY (receiver_project) REFERENCES public.shared_project(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: contribution contribution_reverses_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contribution
    ADD CONSTRAINT contribution_reverses_fkey FOREIGN KEY (reverses) REFERENCES public.contribution(id) ON UPDATE CASCADE;


--
-- Name: contribution contribution_validated_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.contribution
    ADD CONSTRAINT contribution_validated_by_fkey FOREIGN KEY (validated_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: credential credential_account_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.credential
    ADD CONSTRAINT credential_account_fkey FOREIGN KEY (account) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: due due_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.due
    ADD CONSTRAINT due_member_fkey FOREIGN KEY (member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: due due_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.due
    ADD CONSTRAINT due_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: enforcement_case enforcement_case_closed_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enforcement_case
    ADD CONSTRAINT enforcement_case_closed_by_fkey FOREIGN KEY (closed_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: enforcement_case enforcement_case_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enforcement_case
    ADD CONSTRAINT enforcement_case_member_fkey FOREIGN KEY (member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: enforcement_case enforcement_case_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enforcement_case
    ADD CONSTRAINT enforcement_case_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: enforcement_case enforcement_case_snapshot_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enforcement_case
    ADD CONSTRAINT enforcement_case_snapshot_fkey FOREIGN KEY (snapshot) REFERENCES public.evaluation_snapshot(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: enforcement_policy enforcement_policy_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enforcement_policy
    ADD CONSTRAINT enforcement_policy_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: enforcement_policy enforcement_policy_updated_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enforcement_policy
    ADD CONSTRAINT enforcement_policy_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: enrolment enrolment_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enrolment
    ADD CONSTRAINT enrolment_member_fkey FOREIGN KEY (member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: enrolment enrolment_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enrolment
    ADD CONSTRAINT enrolment_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: enrolment enrolment_working_group_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.enrolment
    ADD CONSTRAINT enrolment_working_group_fkey FOREIGN KEY (working_group) REFERENCES public.working_group(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: evaluation_snapshot evaluation_snapshot_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evaluation_snapshot
    ADD CONSTRAINT evaluation_snapshot_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: exemption exemption_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.exemption
    ADD CONSTRAINT exemption_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: exemption exemption_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.exemption
    ADD CONSTRAINT exemption_member_fkey FOREIGN KEY (member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: exemption exemption_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.exemption
    ADD CONSTRAINT exemption_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: import_mapping import_mapping_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_mapping
    ADD CONSTRAINT import_mapping_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: invitation invitation_invited_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitation
    ADD CONSTRAINT invitation_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: invitation invitation_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitation
    ADD CONSTRAINT invitation_member_fkey FOREIGN KEY (member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: invitation invitation_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitation
    ADD CONSTRAINT invitation_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: meeting meeting_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.meeting
    ADD CONSTRAINT meeting_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: meeting meeting_project_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.meeting
    ADD CONSTRAINT meeting_project_fkey FOREIGN KEY (project) REFERENCES public.shared_project(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: meeting meeting_working_group_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.meeting
    ADD CONSTRAINT meeting_working_group_fkey FOREIGN KEY (working_group) REFERENCES public.working_group(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: member member_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.member
    ADD CONSTRAINT member_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: membership membership_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_member_fkey FOREIGN KEY (member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: membership membership_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: network network_parent_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.network
    ADD CONSTRAINT network_parent_fkey FOREIGN KEY (parent) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: password_reset password_reset_account_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_reset
    ADD CONSTRAINT password_reset_account_fkey FOREIGN KEY (account) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: person person_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person
    ADD CONSTRAINT person_member_fkey FOREIGN KEY (member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: person person_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.person
    ADD CONSTRAINT person_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: project_partner project_partner_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_partner
    ADD CONSTRAINT project_partner_member_fkey FOREIGN KEY (member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: project_partner project_partner_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_partner
    ADD CONSTRAINT project_partner_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: project_partner project_partner_project_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_partner
    ADD CONSTRAINT project_partner_project_fkey FOREIGN KEY (project) REFERENCES public.shared_project(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: rate rate_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rate
    ADD CONSTRAINT rate_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: reminder reminder_member_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reminder
    ADD CONSTRAINT reminder_member_fkey FOREIGN KEY (member) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: reminder reminder_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reminder
    ADD CONSTRAINT reminder_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: reminder reminder_snapshot_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reminder
    ADD CONSTRAINT reminder_snapshot_fkey FOREIGN KEY (snapshot) REFERENCES public.evaluation_snapshot(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: rule_set rule_set_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rule_set
    ADD CONSTRAINT rule_set_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: rule_set rule_set_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rule_set
    ADD CONSTRAINT rule_set_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: shared_project shared_project_lead_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shared_project
    ADD CONSTRAINT shared_project_lead_fkey FOREIGN KEY (lead) REFERENCES public.member(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: shared_project shared_project_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shared_project
    ADD CONSTRAINT shared_project_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: tier tier_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tier
    ADD CONSTRAINT tier_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: valuation_policy valuation_policy_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.valuation_policy
    ADD CONSTRAINT valuation_policy_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- Name: working_group working_group_network_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.working_group
    ADD CONSTRAINT working_group_network_fkey FOREIGN KEY (network) REFERENCES public.network(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- PostgreSQL database dump complete
--


