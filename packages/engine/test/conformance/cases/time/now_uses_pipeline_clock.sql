-- the runner gives the pipeline a clock fixed at epoch 0
SELECT id, NOW() AS t FROM input
