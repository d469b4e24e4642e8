//! `tollgate-pre-commit`: the `tollgate` command line, built from the repository root for the
//! pre-commit framework (`.pre-commit-hooks.yaml`).

fn main() -> std::process::ExitCode {
    policy_cli::run()
}
