"""Config and register validation: every mistake names the file, the entry and the field."""

from pathlib import Path

import pytest

from monitor.config import DEFAULT_CONFIG, load_forces, load_settings
from monitor.errors import ConfigError

REGISTER = DEFAULT_CONFIG.parent / "forces.toml"


def test_shipped_config_and_register_load():
    settings = load_settings()
    assert len(settings.forces) == 43
    assert len({f.id for f in settings.forces}) == 43
    assert settings.force("metropolitan").name == "Metropolitan Police Service"
    assert "contact" not in settings.http.user_agent_header  # the template was filled in
    assert "force-response-monitor/" in settings.http.user_agent_header


def test_register_names_every_territorial_force_in_the_design():
    names = {f.name for f in load_forces(REGISTER)}
    for expected in ("Avon and Somerset Police", "Dyfed-Powys Police", "Metropolitan Police Service",
                     "Hampshire and Isle of Wight Constabulary", "Wiltshire Police", "City of London Police"):
        assert expected in names


def write(tmp_path: Path, monitor: str, forces: str | None = None) -> Path:
    (tmp_path / "forces.toml").write_text(forces if forces is not None else REGISTER.read_text())
    path = tmp_path / "monitor.toml"
    path.write_text(monitor)
    return path


@pytest.mark.parametrize(
    ("monitor", "expected"),
    [
        ("[http]\nretries = 'three'\n", r"monitor\.toml: \[http\]: field 'retries' must be a whole number"),
        ("[http]\nretrys = 3\n", r"monitor\.toml: \[http\]: unknown field 'retrys'"),
        ("[source]\npage_url = 'gov.uk/page'\n", r"\[source\]: field 'page_url' is not an http\(s\) URL"),
        ("[sauce]\n", r"unknown section \[sauce\]"),
        ("[http]\nper_host_limit = 0\n", r"'per_host_limit' must be at least 1"),
        ("[http]\nallow_networks = ['not-a-net']\n", r"'allow_networks' has 'not-a-net'"),
        ("[http\n", r"monitor\.toml: not valid TOML"),
        ("[store]\nconfirm_runs = true\n", r"\[store\]: field 'confirm_runs' must be a whole number"),
        ("[verify]\nworkers = -1\n", r"\[verify\]: field 'workers' must not be negative"),
        ("[verify]\nworkers = 500\n", r"\[verify\]: field 'workers' must be at most 32"),
        ("[http]\nrun_timeout = 0\n", r"\[http\]: field 'run_timeout' must be more than 0 seconds"),
        ("[http]\nrun_timeout = 'soon'\n", r"\[http\]: field 'run_timeout' must be a number"),
        ("[verify]\ncpu_seconds = 0\n", r"\[verify\]: field 'cpu_seconds' must be more than 0"),
        ("[verify]\nmemory_mb = 50\n", r"\[verify\]: field 'memory_mb' must be at least 100"),
        ("[render]\nenabled = 'yes'\n", r"\[render\]: field 'enabled' must be true or false"),
        ("[render]\nbrowser = ''\n", r"\[render\]: field 'browser' must be a path or a command name"),
        ("[render]\nbudget_seconds = 0.5\n", r"\[render\]: field 'budget_seconds' must be between 2 and 120"),
        ("[render]\nmemory_mb = 10\n", r"\[render\]: field 'memory_mb' must be between 64 and 4096"),
        ("[render]\nmax_requests = 0\n", r"\[render\]: field 'max_requests' must be between 1 and 500"),
        ("[render]\nheadless = false\n", r"\[render\]: unknown field 'headless'"),
        # A channel's URL holds its token: the config names a variable, never the URL.
        ("[[channel]]\nname = 'teams'\nurl_env = 'workflows://tenant/secret'\n",
         r"\[\[channel\]\] #1 \('teams'\): field 'url_env' must name an environment variable"),
        ("[[channel]]\nname = 'email'\nurl_env = 'X'\n", r"field 'name' is 'email', which another channel already uses"),
        ("[[channel]]\nname = 'a'\nurl_env = 'X'\n[[channel]]\nname = 'a'\nurl_env = 'Y'\n",
         r"\[\[channel\]\] #2 \('a'\): field 'name' is 'a'"),
        ("[[channel]]\nurl_env = 'X'\n", r"\[\[channel\]\] #1: missing required field 'name'"),
        ("[[channel]]\nname = 'Teams Channel'\nurl_env = 'X'\n", r"field 'name' must be a lower-case word"),
        ("[channel]\nname = 'a'\n", r"\[channel\] must be written \[\[channel\]\]"),
        ("[http]\nproxy = 'proxy.example:3128'\n", r"\[http\]: field 'proxy' must be \"env\", \"none\" or an http\(s\) URL"),
        # The message repeats the value without its password.
        ("[http]\nproxy = 'socks5://u:pw123@proxy.example:1080'\n", r"not 'socks5://u:\*\*\*@proxy\.example:1080'"),
        ("[healthcheck]\nurl_env = 'https://hc-ping.com/uuid'\n",
         r"\[healthcheck\]: field 'url_env' must name an environment variable"),
    ],
)
def test_bad_monitor_config_names_file_and_field(tmp_path, monitor, expected):
    with pytest.raises(ConfigError, match=expected):
        load_settings(write(tmp_path, monitor))


@pytest.mark.parametrize(
    ("forces", "expected"),
    [
        ('[[force]]\nid = "kent"\nname = "Kent"\ndomains = ["kent.police.uk"]\n'
         '[[force]]\nid = "kent"\nname = "Kent 2"\ndomains = ["kent2.police.uk"]\n',
         r"forces\.toml: \[\[force\]\] #2 \(id 'kent'\): duplicate id 'kent'"),
        ('[[force]]\nid = "a"\nname = "A"\ndomains = ["a.police.uk"]\n'
         '[[force]]\nid = "b"\nname = "B"\ndomains = ["A.police.uk"]\n',
         r"#2 \(id 'b'\): domain 'a.police.uk' is already used by force 'a'"),
        ('[[force]]\nid = "a"\nname = "A"\ndomains = ["https://a.police.uk/"]\n', r"field 'domains' has 'https://a.police.uk/'"),
        ('[[force]]\nid = "a"\nname = "A"\ndomains = ["a.police.uk"]\noverride_url = "nope"\n', r"field 'override_url' is not an http\(s\) URL"),
        ('[[force]]\nid = "a"\nname = "A"\ndomains = ["a.police.uk"]\ncolour = "blue"\n', r"#1 \(id 'a'\): unknown field 'colour'"),
        ('[[force]]\nid = "a"\ndomains = ["a.police.uk"]\n', r"missing required field 'name'"),
        ('[[force]]\nid = "A B"\nname = "A"\ndomains = ["a.police.uk"]\n', r"field 'id' must be a lower-case slug"),
        ('[[force]]\nid = "a"\nname = "A"\ndomains = "a.police.uk"\n', r"field 'domains' must be a list of strings"),
        ("", r"no \[\[force\]\] entries"),
        ('[[force]]\nid = "a"\nname = "A"\ndomains = ["a.police.uk"]\nrender = "always"\n',
         r"#1 \(id 'a'\): field 'render' must be true or false"),
    ],
)
def test_bad_register_names_file_entry_and_field(tmp_path, forces, expected):
    with pytest.raises(ConfigError, match=expected):
        load_settings(write(tmp_path, "", forces))


def test_channels_and_healthcheck_load_from_the_config(tmp_path):
    settings = load_settings(write(tmp_path, "[healthcheck]\nurl_env = 'HC_URL'\n"
                                             "[[channel]]\nname = 'teams'\nurl_env = 'TEAMS_URL'\nretries = 0\n"
                                             "[[channel]]\nname = 'hook'\nurl_env = 'HOOK_URL'\n"))
    assert [(c.name, c.url_env, c.retries) for c in settings.channels] == [("teams", "TEAMS_URL", 0), ("hook", "HOOK_URL", 2)]
    assert settings.healthcheck.url_env == "HC_URL" and settings.healthcheck.failure_suffix == "/fail"


def test_missing_config_file_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="file not found") as info:
        load_settings(tmp_path / "nope.toml")
    assert "--config" in str(info.value)


def test_register_has_the_domains_forces_really_publish_on():
    settings = load_settings()
    domains = {force.id: force.domains for force in settings.forces}
    assert domains["bedfordshire"][0] == "beds.police.uk" and "bedfordshire.police.uk" in domains["bedfordshire"]
    assert set(domains["west-midlands"]) == {"west-midlands.police.uk", "westmidlands.police.uk"}
    assert set(domains["south-yorkshire"]) == {"southyorkshire.police.uk", "southyorks.police.uk"}


def test_every_domain_line_in_the_register_says_where_it_comes_from():
    lines = (DEFAULT_CONFIG.parent / "forces.toml").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.startswith("domains = "):
            assert lines[number - 1].startswith("# "), f"forces.toml line {number + 1}: no source comment above {line}"


def test_british_transport_police_loads_as_an_optional_force(tmp_path):
    """The register ships BTP commented out; enabled, it is optional and never 'not linked'."""
    from monitor.models import SourceLink
    from monitor.source import reconcile

    text = (DEFAULT_CONFIG.parent / "forces.toml").read_text(encoding="utf-8")
    block = text[text.index("# [[force]]\n# id = \"british-transport-police\""):]
    enabled = text + "\n" + "\n".join(line[2:] for line in block.splitlines() if line.startswith("# ")) + "\n"
    path = tmp_path / "forces.toml"
    path.write_text(enabled, encoding="utf-8")
    forces = load_forces(path)
    btp = next(force for force in forces if force.id == "british-transport-police")
    assert btp.optional and btp.domains == ("btp.police.uk",)
    assert len([force for force in forces if not force.optional]) == 43
    unlinked = reconcile([], forces)
    assert "british-transport-police" not in unlinked.not_linked
    linked = reconcile([SourceLink(url="https://www.btp.police.uk/sc/plan", text="Action plan")], forces)
    assert linked.links_by_force["british-transport-police"][0].matched_by == "domain"


# -- issue 14: every field checked at load, whatever the command ------------------------------------


@pytest.mark.parametrize(
    ("monitor", "expected"),
    [
        ("[http]\ntotal_timeout = 0\n", r"\[http\]: field 'total_timeout' must be (above|more than) 0 seconds"),
        ("[http]\nconnect_timeout = nan\n", r"\[http\]: field 'connect_timeout' must be a finite number"),
        ("[http]\nread_timeout = inf\n", r"\[http\]: field 'read_timeout' must be a finite number"),
        ("[http]\nper_host_limit = 99999999999999999999\n", r"\[http\]: field 'per_host_limit' is too large"),
        ("[http]\nper_host_limit = 5000\n", r"\[http\]: field 'per_host_limit' must be between 1 and 100"),
        ("[http]\nuser_agent = \"x {nope}\"\n", r"\[http\]: field 'user_agent' must be text whose only placeholders"),
        ("[http]\nuser_agent = \"x {\"\n", r"\[http\]: field 'user_agent' must be text whose only placeholders"),
        ("[http]\ncontact = \"a\\r\\nX-Evil: 1\"\n", r"\[http\]: field 'contact' must be one line"),
        ("[http]\nca_bundle = \"/nonexistent/ca.pem\"\n", r"\[http\]: field 'ca_bundle' must be a file that exists"),
        ("[store]\nconfirm_runs = 0\n", r"\[store\]: field 'confirm_runs' must be between 1 and 100"),
        ("[digest]\nsmtp_port = 99999\n", r"\[digest\]: field 'smtp_port' must be a port between 1 and 65535"),
        ("[digest]\ntimezone = \"Mars/Olympus\"\n", r"\[digest\]: field 'timezone' must be an IANA time zone"),
        ("[schedule]\ntimezone = \"Mars/Olympus\"\n", r"\[schedule\]: field 'timezone' must be an IANA time zone"),
        ("[schedule]\ncheck_cron = \"61 * * * *\"\n", r"\[schedule\]: field 'check_cron' must be empty or a crontab line"),
        ("[schedule]\ndigest_cron = \"30 7 * *\"\n", r"\[schedule\]: field 'digest_cron' must be empty or a crontab line"),
    ],
)
def test_values_that_would_break_later_are_refused_at_load(tmp_path, monitor, expected):
    with pytest.raises(ConfigError, match=expected):
        load_settings(write(tmp_path, monitor))


def test_every_field_rule_names_a_real_field():
    from dataclasses import fields

    from monitor.config import _SECTIONS
    from monitor.config_rules import FIELD_RULES

    for section, name, _, _ in FIELD_RULES:
        assert name in {f.name for f in fields(_SECTIONS[section])}, (section, name)


@pytest.mark.parametrize("which", ["monitor.toml", "forces.toml"])
def test_a_file_that_is_not_utf8_is_one_line_naming_it(tmp_path, which):
    config = write(tmp_path, "[http]\nretries = 1\n")
    target = tmp_path / which
    target.write_bytes(target.read_bytes() + "# caf\u00e9\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=rf"{which}: not UTF-8 text") as info:
        load_settings(config)
    assert "\n" not in str(info.value)
def test_render_is_off_by_default_and_a_force_can_ask_for_it(tmp_path):
    settings = load_settings()
    assert settings.render.enabled is False and settings.render.browser == "/usr/bin/chromium"
    assert not any(force.render for force in settings.forces)
    forces = '[[force]]\nid = "a"\nname = "A"\ndomains = ["a.police.uk"]\nrender = true\n'
    loaded = load_settings(write(tmp_path, "[render]\nenabled = true\nbrowser = 'chromium'\nbudget_seconds = 5\n", forces))
    assert loaded.render.enabled and loaded.render.browser == "chromium" and loaded.render.budget_seconds == 5.0
    assert loaded.force("a").render is True


# -- where the config and the database are found (issue 15: install anywhere) -------------------


def test_config_search_order_option_then_variable_then_local_then_user_then_bundled(tmp_path, monkeypatch):
    from monitor.config import find_config, user_config_dir

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    cwd = tmp_path / "work"
    cwd.mkdir()
    assert find_config(None, environ={}, cwd=cwd).origin == "bundled"
    assert find_config(None, environ={}, cwd=cwd).path == DEFAULT_CONFIG
    user = user_config_dir() / "monitor.toml"
    assert user.is_relative_to(tmp_path / "xdg")
    user.parent.mkdir(parents=True)
    user.write_text("")
    assert find_config(None, environ={}, cwd=cwd).path == user
    local = cwd / "config" / "monitor.toml"
    local.parent.mkdir()
    local.write_text("")
    assert find_config(None, environ={}, cwd=cwd).path == local
    assert find_config(None, environ={"FORCE_MONITOR_CONFIG": "/etc/fm.toml"}, cwd=cwd).path == Path("/etc/fm.toml")
    assert find_config("given.toml", environ={"FORCE_MONITOR_CONFIG": "/etc/fm.toml"}, cwd=cwd).path == Path("given.toml")


def test_a_missing_config_named_by_the_variable_is_an_error_not_a_fall_through(tmp_path):
    from monitor.config import find_config

    with pytest.raises(ConfigError, match=r"nowhere\.toml: file not found"):
        load_settings(find_config(None, environ={"FORCE_MONITOR_CONFIG": str(tmp_path / "nowhere.toml")}))


def test_the_database_lives_beside_the_config_or_in_the_user_data_folder_never_the_current_one(tmp_path, monkeypatch):
    from monitor.config import ConfigLocation, user_data_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    bundled = load_settings()
    assert Path(bundled.store.path) == user_data_dir() / "monitor.db"
    assert user_data_dir().is_relative_to(tmp_path / "data")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "monitor.toml").write_text(DEFAULT_CONFIG.read_text().replace(
        'path = "forces.toml"', f'path = "{REGISTER.as_posix()}"'))
    assert Path(load_settings(mine / "monitor.toml").store.path) == mine / "monitor.db"
    in_user_folder = load_settings(ConfigLocation(mine / "monitor.toml", "user"))
    assert Path(in_user_folder.store.path) == user_data_dir() / "monitor.db"
    absolute = tmp_path / "elsewhere.db"
    (mine / "abs.toml").write_text((mine / "monitor.toml").read_text().replace(
        'path = "monitor.db"', f'path = "{absolute.as_posix()}"'))
    assert Path(load_settings(mine / "abs.toml").store.path) == absolute
