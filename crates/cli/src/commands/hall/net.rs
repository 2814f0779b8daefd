//! Where the hall server listens: only where the facilitator said, and by default this
//! computer's local-network addresses and the loopback — never a public address unless asked
//! (`--allow-public`), never every interface unless `--listen 0.0.0.0` is written out.

use std::net::{IpAddr, Ipv4Addr};

use model::Lang;

/// Whether an address is reached only from a local network (or this computer).
pub fn is_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private() || v4.is_link_local(),
        IpAddr::V6(v6) => {
            // Unique local (fc00::/7) and link-local (fe80::/10).
            v6.is_loopback()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
        }
    }
}

/// This computer's IPv4 addresses on its local networks (not the loopback).
pub fn lan_addresses() -> Vec<IpAddr> {
    let mut found: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.ip())
        .filter(|ip| ip.is_ipv4() && !ip.is_loopback() && is_local(*ip))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The addresses to listen on, and the ones to tell the participants.
pub struct Listen {
    pub bind: Vec<IpAddr>,
    pub shown: Vec<IpAddr>,
}

pub fn listen(asked: &[IpAddr], allow_public: bool, lang: Lang) -> Result<Listen, String> {
    if asked.is_empty() {
        let lan = lan_addresses();
        let mut bind = vec![IpAddr::V4(Ipv4Addr::LOCALHOST)];
        bind.extend(&lan);
        let shown = if lan.is_empty() { bind.clone() } else { lan };
        return Ok(Listen { bind, shown });
    }
    for ip in asked {
        if !ip.is_unspecified() && !is_local(*ip) && !allow_public {
            return Err(format!(
                "--listen {ip}: {}",
                lang.t(
                    "это публичный адрес, к нему могут подключиться из интернета; если это нужно, добавьте --allow-public",
                    "a public address, reachable from the internet; add --allow-public if that is meant"
                )
            ));
        }
    }
    let mut bind = asked.to_vec();
    // The facilitator's page is opened on this computer, through the loopback: always there
    // (nothing outside reaches it). Every-interface already covers it.
    if !bind
        .iter()
        .any(|ip| ip.is_loopback() || ip.is_unspecified())
    {
        bind.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    bind.sort();
    bind.dedup();
    let shown = if bind.iter().any(IpAddr::is_unspecified) {
        let lan = lan_addresses();
        if lan.is_empty() {
            vec![IpAddr::V4(Ipv4Addr::LOCALHOST)]
        } else {
            lan
        }
    } else {
        let outside: Vec<IpAddr> = bind
            .iter()
            .copied()
            .filter(|ip| !ip.is_loopback())
            .collect();
        if outside.is_empty() {
            bind.clone()
        } else {
            outside
        }
    };
    Ok(Listen { bind, shown })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_addresses_need_asking() {
        let ip = |s: &str| s.parse::<IpAddr>().expect("an address");
        for local in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.5",
            "169.254.3.4",
            "::1",
            "fd00::1",
        ] {
            assert!(is_local(ip(local)), "{local}");
        }
        for public in ["8.8.8.8", "100.64.0.1", "172.32.0.1", "2001:db8::1"] {
            assert!(!is_local(ip(public)), "{public}");
        }
        assert!(listen(&[ip("8.8.8.8")], false, Lang::Ru).is_err());
        assert!(listen(&[ip("8.8.8.8")], true, Lang::Ru).is_ok());
        let l = listen(&[ip("127.0.0.1")], false, Lang::Ru).expect("loopback");
        assert_eq!(l.bind, [ip("127.0.0.1")]);
        assert_eq!(l.shown, [ip("127.0.0.1")]);
        // By default: the loopback first, and never every interface.
        let l = listen(&[], false, Lang::Ru).expect("default");
        assert_eq!(l.bind.first(), Some(&ip("127.0.0.1")));
        assert!(l.bind.iter().all(|a| !a.is_unspecified() && is_local(*a)));
    }
}
