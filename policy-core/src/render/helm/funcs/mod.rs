//! Sprig (v3.3) and Helm (v4) functions: everything a template calls that is not a Go
//! built-in (`and`, `len`, `index`, `print`, `eq`, … are the executor's, as are Helm's
//! `include` and `tpl`).
//!
//! Semantics follow the Go code: sprig's `cast`-style conversions (`add` takes ints, floats and
//! numeric strings and returns `int64`), Go's formatting of floats (`1e+06`), Helm's `toYaml`
//! byte for byte (go-yaml v2 after a JSON round trip, see [`yaml`]) and Go's `encoding/json`.
//!
//! Differences from Helm, all for reproducible renders:
//! - `randAlphaNum`, `randAlpha`, `randNumeric`, `randAscii`, `randBytes`, `randInt`, `shuffle`
//!   and `uuidv4` draw from a deterministic generator ([`FuncState::rng`], seeded by a
//!   constant): the same chart renders the same way every time (Helm's differ per run).
//! - `now` is fixed at 2025-01-01T00:00:00Z and the local zone is UTC ([`date::FIXED_NOW`]).
//! - `keys` and `values` return map order (sorted keys); Go's order is random.
//! - `bcrypt`, `htpasswd`, `encryptAES`, `genPrivateKey`, `genCA`, `genSelfSignedCert`,
//!   `genSignedCert` and their `…WithKey` forms draw their salts, IVs, keys and serial numbers
//!   from the same generator, and certificates are valid from the fixed `now`: the keys and
//!   certificates are real and valid but NOT secret (anyone can derive them from the chart), so
//!   they are fine for checking manifests and never for deploying. `genPrivateKey "dsa"` fails,
//!   and the `…WithKey` forms take RSA, ECDSA P-256 and Ed25519 keys only (see [`crypto`]).
//! - `getHostByName` fails: it needs the network.
//! - `env` and `expandenv` do not exist, as in Helm.
//!
//! Maps are shared (see [`Dict`](super::value::Dict)): `set`, `unset`, `merge`,
//! `mergeOverwrite` change the map in place and every holder sees the change, as in Go.

pub mod collections;
pub mod conv;
pub mod crypto;
pub mod date;
pub mod misc;
pub mod semver;
pub mod strings;
pub mod yaml;

#[cfg(test)]
mod tests;

use super::value::Value;

/// State shared by the functions of one render: the deterministic random source.
#[derive(Debug, Clone)]
pub struct FuncState {
    /// splitmix64 state for `randAlphaNum`, `uuidv4`, … (a constant seed: renders are
    /// reproducible, unlike Helm's).
    pub rng: u64,
}

impl Default for FuncState {
    fn default() -> Self {
        FuncState {
            rng: 0x9E37_79B9_7F4A_7C15,
        }
    }
}

impl FuncState {
    /// The next pseudo-random number (splitmix64).
    pub fn next_u64(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// A function: its arguments, evaluated; an error message on failure (the executor adds
/// "error calling NAME: " and the position).
pub type Func = fn(&mut FuncState, &[Value]) -> Result<Value, String>;

use collections as c;
use crypto as x;
use date as d;
use misc as m;
use strings as s;

/// Every function, sorted by name (binary-searched by [`lookup`]).
static FUNCS: &[(&str, Func)] = &[
    ("abbrev", s::abbrev),
    ("abbrevboth", s::abbrevboth),
    ("add", m::add),
    ("add1", m::add1),
    ("add1f", m::add1f),
    ("addf", m::addf),
    ("adler32sum", m::adler32sum),
    ("ago", d::ago),
    ("all", m::all),
    ("any", m::any),
    ("append", c::push),
    ("atoi", m::atoi),
    ("b32dec", m::b32dec),
    ("b32enc", m::b32enc),
    ("b64dec", m::b64dec),
    ("b64enc", m::b64enc),
    ("base", m::base),
    ("bcrypt", x::bcrypt),
    ("biggest", m::max),
    ("buildCustomCert", x::build_custom_cert),
    ("camelcase", s::camelcase),
    ("cat", s::cat),
    ("ceil", m::ceil),
    ("chunk", c::chunk),
    ("clean", m::clean),
    ("coalesce", m::coalesce),
    ("compact", c::compact),
    ("concat", c::concat),
    ("contains", s::contains),
    ("date", d::date),
    ("dateInZone", d::date_in_zone),
    ("dateModify", d::date_modify),
    ("date_in_zone", d::date_in_zone),
    ("date_modify", d::date_modify),
    ("decryptAES", x::decrypt_aes),
    ("deepCopy", c::deep_copy),
    ("deepEqual", m::deep_equal),
    ("default", m::default),
    ("derivePassword", x::derive_password),
    ("dict", c::dict),
    ("dig", c::dig),
    ("dir", m::dir),
    ("div", m::div),
    ("divf", m::divf),
    ("duration", d::duration),
    ("durationRound", d::duration_round),
    ("empty", m::empty),
    ("encryptAES", x::encrypt_aes),
    ("ext", m::ext),
    ("fail", m::fail),
    ("first", c::first),
    ("float64", m::float64),
    ("floor", m::floor),
    ("fromJson", m::from_json),
    ("fromJsonArray", m::from_json_array),
    ("fromToml", m::from_toml),
    ("fromYaml", m::from_yaml),
    ("fromYamlArray", m::from_yaml_array),
    ("genCA", x::gen_ca),
    ("genCAWithKey", x::gen_ca_with_key),
    ("genPrivateKey", x::gen_private_key),
    ("genSelfSignedCert", x::gen_self_signed_cert),
    ("genSelfSignedCertWithKey", x::gen_self_signed_cert_with_key),
    ("genSignedCert", x::gen_signed_cert),
    ("genSignedCertWithKey", x::gen_signed_cert_with_key),
    ("get", c::get),
    ("getHostByName", m::get_host_by_name),
    ("has", c::has),
    ("hasKey", c::has_key),
    ("hasPrefix", s::has_prefix),
    ("hasSuffix", s::has_suffix),
    ("htmlDate", d::html_date),
    ("htmlDateInZone", d::html_date_in_zone),
    ("htpasswd", x::htpasswd),
    ("indent", s::indent),
    ("initial", c::initial),
    ("initials", s::initials),
    ("int", m::int),
    ("int64", m::int64),
    ("isAbs", m::is_abs),
    ("join", s::join),
    ("kebabcase", s::kebabcase),
    ("keys", c::keys),
    ("kindIs", m::kind_is),
    ("kindOf", m::kind_of),
    ("last", c::last),
    ("list", c::list_fn),
    ("lookup", m::lookup_fn),
    ("lower", s::lower),
    ("max", m::max),
    ("maxf", m::maxf),
    ("merge", c::merge),
    ("mergeOverwrite", c::merge_overwrite),
    ("min", m::min),
    ("minf", m::minf),
    ("mod", m::modulo),
    ("mul", m::mul),
    ("mulf", m::mulf),
    ("mustAppend", c::push),
    ("mustChunk", c::chunk),
    ("mustCompact", c::compact),
    ("mustDateModify", d::must_date_modify),
    ("mustDeepCopy", c::deep_copy),
    ("mustFirst", c::first),
    ("mustFromJson", m::must_from_json),
    ("mustHas", c::has),
    ("mustInitial", c::initial),
    ("mustLast", c::last),
    ("mustMerge", c::merge),
    ("mustMergeOverwrite", c::merge_overwrite),
    ("mustPrepend", c::prepend),
    ("mustPush", c::push),
    ("mustRegexFind", m::regex_find),
    ("mustRegexFindAll", m::regex_find_all),
    ("mustRegexMatch", m::regex_match),
    ("mustRegexReplaceAll", m::regex_replace_all),
    ("mustRegexReplaceAllLiteral", m::regex_replace_all_literal),
    ("mustRegexSplit", m::regex_split),
    ("mustRest", c::rest),
    ("mustReverse", c::reverse),
    ("mustToDate", d::must_to_date),
    ("mustToJson", m::must_to_json),
    ("mustToPrettyJson", m::must_to_pretty_json),
    ("mustToRawJson", m::to_raw_json),
    ("mustToYaml", m::must_to_yaml),
    ("mustUniq", c::uniq),
    ("mustWithout", c::without),
    ("must_date_modify", d::must_date_modify),
    ("nindent", s::nindent),
    ("nospace", s::nospace),
    ("now", d::now),
    ("omit", c::omit),
    ("osBase", m::base),
    ("osClean", m::clean),
    ("osDir", m::dir),
    ("osExt", m::ext),
    ("osIsAbs", m::is_abs),
    ("pick", c::pick),
    ("pluck", c::pluck),
    ("plural", s::plural),
    ("prepend", c::prepend),
    ("push", c::push),
    ("quote", s::quote),
    ("randAlpha", s::rand_alpha),
    ("randAlphaNum", s::rand_alpha_num),
    ("randAscii", s::rand_ascii),
    ("randBytes", m::rand_bytes),
    ("randInt", m::rand_int),
    ("randNumeric", s::rand_numeric),
    ("regexFind", m::regex_find),
    ("regexFindAll", m::regex_find_all),
    ("regexMatch", m::regex_match),
    ("regexQuoteMeta", m::regex_quote_meta),
    ("regexReplaceAll", m::regex_replace_all),
    ("regexReplaceAllLiteral", m::regex_replace_all_literal),
    ("regexSplit", m::regex_split),
    ("repeat", s::repeat),
    ("replace", s::replace),
    ("required", m::required),
    ("rest", c::rest),
    ("reverse", c::reverse),
    ("round", m::round),
    ("semver", semver::semver),
    ("semverCompare", semver::semver_compare),
    ("seq", c::seq),
    ("set", c::set),
    ("sha1sum", m::sha1sum),
    ("sha256sum", m::sha256sum),
    ("sha512sum", m::sha512sum),
    ("shuffle", s::shuffle),
    ("snakecase", s::snakecase),
    ("sortAlpha", s::sort_alpha),
    ("split", s::split),
    ("splitList", s::split_list),
    ("splitn", s::splitn),
    ("squote", s::squote),
    ("sub", m::sub),
    ("subf", m::subf),
    ("substr", s::substr),
    ("swapcase", s::swapcase),
    ("ternary", m::ternary),
    ("title", s::title),
    ("toDate", d::to_date),
    ("toDecimal", m::to_decimal),
    ("toJson", m::to_json),
    ("toPrettyJson", m::to_pretty_json),
    ("toRawJson", m::to_raw_json),
    ("toString", s::to_string),
    ("toStrings", s::to_strings),
    ("toToml", m::to_toml),
    ("toYaml", m::to_yaml),
    ("toYamlPretty", m::to_yaml),
    ("trim", s::trim),
    ("trimAll", s::trim_all),
    ("trimPrefix", s::trim_prefix),
    ("trimSuffix", s::trim_suffix),
    ("trimall", s::trim_all),
    ("trunc", s::trunc),
    ("tuple", c::list_fn),
    ("typeIs", m::type_is),
    ("typeIsLike", m::type_is_like),
    ("typeOf", m::type_of),
    ("uniq", c::uniq),
    ("unixEpoch", d::unix_epoch),
    ("unset", c::unset),
    ("until", c::until),
    ("untilStep", c::until_step),
    ("untitle", s::untitle),
    ("upper", s::upper),
    ("urlJoin", m::url_join),
    ("urlParse", m::url_parse),
    ("uuidv4", m::uuidv4),
    ("values", c::values),
    ("without", c::without),
    ("wrap", s::wrap),
    ("wrapWith", s::wrap_with),
];

/// The function called `name`, if there is one (a binary search: cheap at parse time).
pub fn lookup(name: &str) -> Option<Func> {
    FUNCS
        .binary_search_by(|(n, _)| n.cmp(&name))
        .ok()
        .map(|i| FUNCS[i].1)
}

/// The names of all functions, sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    FUNCS.iter().map(|(n, _)| *n)
}
