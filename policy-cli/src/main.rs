//! The `tollgate` binary: see the library (`policy_cli::run`).

fn main() -> std::process::ExitCode {
    policy_cli::run()
}
