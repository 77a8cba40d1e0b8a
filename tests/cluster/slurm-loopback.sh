#!/usr/bin/env bash
# A one-node SLURM cluster on loopback, for tests: munged, slurmctld and slurmd started as
# root from a scratch directory, without systemd, and stopped again by their PIDs.
#
#   tests/cluster/slurm-loopback.sh start DIR   # up, or exit 77 saying why it cannot be
#   tests/cluster/slurm-loopback.sh stop DIR    # cancel what is left, stop the daemons
#
# The node is this machine (slurmd -C) with at most SMALL_NODE_MEM_MB of memory declared,
# in two partitions: `debug` (the default, no time limit) and `photodrag` (MaxTime 60 min),
# so that a test can tell a partition it asked for from the default one and see the
# profile's requests capped to what a small partition offers. Accounting is off
# (AccountingStorageType=accounting_storage/none, as on many small clusters); every
# finished job is recorded in DIR/log/jobcomp.log (jobcomp/filetxt: CPUs, memory, time
# limit, account, partition as the scheduler granted them).
#
# /etc/slurm/slurm.conf is made a symlink to DIR's config while the cluster runs:
# snakemake-executor-plugin-slurm-jobstep clears SLURM_CONF from the environment of its
# inner srun, which then finds the configuration only at Debian's default path. Its
# creation doubles as the lock: a second cluster (or a real one) on the machine is refused.
# After a failed start, whatever had started is stopped again before the script exits.
set -euo pipefail

SKIP=77                     # exit status: this machine cannot run the cluster (reason on stderr)
SMALL_NODE_MEM_MB=6000      # below the profile's 8-16 GB requests, above what the tiny study needs
PARTITION_MAX_TIME_MIN=60   # below the profile's 240 min for an ω chunk
SYSTEM_CONF=/etc/slurm/slurm.conf
PORTS=(6817 6818)           # slurmctld, slurmd

skip() { echo "SLURM loopback cluster not possible here: $*" >&2; exit "$SKIP"; }
fail() { echo "SLURM loopback cluster did not come up: $*" >&2; exit 1; }

# Wait up to $1 tenths of a second for the command after it to succeed.
wait_for() {
    local tenths=$1; shift
    for ((i = 0; i < tenths; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

# Something listens on localhost:$1 (bash's /dev/tcp: no iproute2 needed).
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
    local dir=$1
    [[ $EUID == 0 ]] || skip "must run as root (the daemons run as root, and $SYSTEM_CONF is written; uid $EUID)"
    local tool
    for tool in munged mungekey slurmctld slurmd sbatch sinfo squeue scontrol scancel; do
        command -v "$tool" >/dev/null || skip "$tool not found (apt-get install slurm-wlm munge)"
    done
    if [[ -L $SYSTEM_CONF ]]; then
        skip "$SYSTEM_CONF links to $(readlink "$SYSTEM_CONF"): another loopback cluster runs" \
             "(or one was killed: \`$0 stop <its DIR>\` stops it)"
    fi
    [[ -e $SYSTEM_CONF ]] && skip "$SYSTEM_CONF exists: this machine has a SLURM configuration of its own"
    local port
    for port in "${PORTS[@]}"; do
        port_busy "$port" && skip "port $port is in use (another slurmctld or slurmd?)"
    done

    mkdir -p "$dir"/{etc,munge-key,state,spool,run,log}
    dir=$(cd "$dir" && pwd)
    chmod 700 "$dir/munge-key"
    # From here on a failure stops what has started.
    trap 'status=$?; [[ $status == 0 ]] || stop "$dir"; exit $status' EXIT
    # munged wants every directory above its socket searchable by all, which DIR (under
    # pytest's private tmp, say) need not be: the socket gets a directory of its own in /tmp.
    local munge_dir
    munge_dir=$(mktemp -d /tmp/photodrag-munge.XXXXXX)
    chmod 755 "$munge_dir"
    echo "$munge_dir" >"$dir/run/munge-dir"

    local node
    node=$(slurmd -C | head -n 1) || fail "slurmd -C could not describe this machine"
    local memory=${node##*RealMemory=}
    memory=${memory%% *}
    ((memory > SMALL_NODE_MEM_MB)) && memory=$SMALL_NODE_MEM_MB
    node=$(sed -e 's/^NodeName=[^ ]*/NodeName=localhost NodeAddr=127.0.0.1/' \
               -e "s/RealMemory=[0-9]*/RealMemory=$memory/" <<<"$node")
    local socket=$munge_dir/munge.socket.2
    cat >"$dir/etc/slurm.conf" <<EOF
ClusterName=photodrag-loopback
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
CommunicationParameters=NoInAddrAny,NoCtldInAddrAny
SlurmctldPort=${PORTS[0]}
SlurmdPort=${PORTS[1]}
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/linux
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.log
$node State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
PartitionName=photodrag Nodes=localhost Default=NO MaxTime=$PARTITION_MAX_TIME_MIN State=UP
EOF
    mkdir -p "$(dirname "$SYSTEM_CONF")"
    ln -s "$dir/etc/slurm.conf" "$SYSTEM_CONF" 2>/dev/null \
        || skip "$SYSTEM_CONF appeared meanwhile (another cluster starting?)"
    echo "$SYSTEM_CONF" >"$dir/run/system-conf"   # ours: stop removes it

    mungekey -c -k "$dir/munge-key/munge.key" >/dev/null
    chmod 400 "$dir/munge-key/munge.key"
    # The daemons get no descriptor of ours (a caller reading our output would wait for them).
    munged --socket="$socket" --key-file="$dir/munge-key/munge.key" --pid-file="$dir/run/munged.pid" \
        --log-file="$dir/log/munged.log" --seed-file="$dir/munge-key/munged.seed" \
        </dev/null >>"$dir/log/munged.log" 2>&1 9>&- || fail "munged: $(tail -n 3 "$dir/log/munged.log")"
    wait_for 50 test -S "$socket" || fail "munged made no socket: $(tail -n 3 "$dir/log/munged.log")"
    slurmctld -f "$dir/etc/slurm.conf" </dev/null >>"$dir/log/slurmctld.log" 2>&1 9>&- \
        || fail "slurmctld: $(tail -n 5 "$dir/log/slurmctld.log")"
    slurmd -f "$dir/etc/slurm.conf" -N localhost </dev/null >>"$dir/log/slurmd.log" 2>&1 9>&- \
        || fail "slurmd: $(tail -n 5 "$dir/log/slurmd.log")"
    export SLURM_CONF=$dir/etc/slurm.conf
    wait_for 300 node_idle || fail "node not idle after 30 s: $(sinfo -N 2>&1 | tail -n 2);" \
        "slurmctld: $(tail -n 3 "$dir/log/slurmctld.log"); slurmd: $(tail -n 3 "$dir/log/slurmd.log")"
    trap - EXIT
    echo "SLURM loopback cluster up in $dir: $(sinfo --noheader --format='%P %c CPUs %m MB %l' | tr '\n' ';')"
}

node_idle() { [[ $(sinfo --noheader --nodes=localhost --format=%T | head -n 1) == idle ]]; }

# Stop the daemons of DIR by their PIDs, newest first, and wait until each has gone.
stop() {
    local dir
    dir=$(cd "$1" && pwd)
    export SLURM_CONF=$dir/etc/slurm.conf
    if [[ -f $dir/run/slurmctld.pid ]] && kill -0 "$(cat "$dir/run/slurmctld.pid")" 2>/dev/null; then
        scancel --quiet --user=root >/dev/null 2>&1 || true
        wait_for 300 queue_empty || echo "jobs still in the queue after scancel: $(squeue --noheader 2>&1)" >&2
    fi
    local daemon pid
    for daemon in slurmd slurmctld munged; do
        [[ -f $dir/run/$daemon.pid ]] || continue
        pid=$(cat "$dir/run/$daemon.pid")
        kill -TERM "$pid" 2>/dev/null || continue
        wait_for 300 not_alive "$pid" || { echo "$daemon ($pid) ignored SIGTERM; killed" >&2; kill -KILL "$pid" 2>/dev/null || true; }
    done
    if [[ -f $dir/run/system-conf && $(readlink "$SYSTEM_CONF" || true) == "$dir/etc/slurm.conf" ]]; then
        rm -f "$SYSTEM_CONF" "$dir/run/system-conf"
    fi
    if [[ -f $dir/run/munge-dir ]]; then
        rm -rf "$(cat "$dir/run/munge-dir")" "$dir/run/munge-dir"
    fi
}

queue_empty() { [[ -z $(squeue --noheader 2>/dev/null) ]]; }
not_alive() { ! kill -0 "$1" 2>/dev/null; }

case ${1-} in
    start | stop) [[ $# == 2 ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }; "$1" "$2" ;;
    *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
