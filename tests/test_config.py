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
    ],
)
def test_bad_register_names_file_entry_and_field(tmp_path, forces, expected):
    with pytest.raises(ConfigError, match=expected):
        load_settings(write(tmp_path, "", forces))


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
